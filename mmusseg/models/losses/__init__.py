from .correspondence_loss import PRESETS, CorrespondenceLoss, derangement
from .multi_crop_swav import MultiCropSwAV, sinkhorn
from .picie_loss import picie_loss

__all__ = [
    'CorrespondenceLoss', 'MultiCropSwAV', 'PRESETS', 'derangement',
    'picie_loss', 'sinkhorn'
]
