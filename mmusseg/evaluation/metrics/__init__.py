from .hungarian_iou_metric import HungarianIoUMetric
from .imagenet_s_metric import ImageNetSMetric
from .linear_probe_iou_metric import LinearProbeIoUMetric

__all__ = ['HungarianIoUMetric', 'ImageNetSMetric', 'LinearProbeIoUMetric']
