from .correspondence_loss import PRESETS, CorrespondenceLoss, derangement

__all__ = ['CorrespondenceLoss', 'PRESETS', 'derangement']
