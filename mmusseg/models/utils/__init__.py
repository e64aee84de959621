from .dense_crf import DenseCRF
from .pyramid_boxes import crop_resize_center, pyramid_boxes

__all__ = ['DenseCRF', 'crop_resize_center', 'pyramid_boxes']
