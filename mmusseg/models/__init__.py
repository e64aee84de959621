from . import (backbones, heads, losses, necks, segmentors,  # noqa: F401
               selfsup, utils)
