from .correspondence_loss import PRESETS, CorrespondenceLoss, derangement
from .multi_crop_swav import MultiCropSwAV, sinkhorn

__all__ = [
    'CorrespondenceLoss', 'MultiCropSwAV', 'PRESETS', 'derangement',
    'sinkhorn'
]
