from .dense_crf import DenseCRF
from .pixel_attention import PixelAttention
from .projection import SwAVProjector, dense_projection, kaiming_init_convs
from .pyramid_boxes import (box_pixels, crop_resize_back, crop_resize_center,
                            pyramid_boxes)

__all__ = [
    'DenseCRF', 'PixelAttention', 'SwAVProjector', 'box_pixels',
    'crop_resize_back', 'crop_resize_center', 'dense_projection',
    'kaiming_init_convs', 'pyramid_boxes'
]
