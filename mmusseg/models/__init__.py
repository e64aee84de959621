from . import backbones, heads, losses, necks, segmentors, utils  # noqa: F401
