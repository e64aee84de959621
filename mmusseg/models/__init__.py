from . import heads, losses, necks, segmentors, utils  # noqa: F401
