from .correspondence_loss import CorrespondenceLoss, derangement

__all__ = ['CorrespondenceLoss', 'derangement']
