from .hungarian_iou_metric import HungarianIoUMetric
from .linear_probe_iou_metric import LinearProbeIoUMetric

__all__ = ['HungarianIoUMetric', 'LinearProbeIoUMetric']
