from .dense_crf import DenseCRF
from .pixel_attention import PixelAttention
from .projection import (SwAVProjector, dense_projection,
                         kaiming_init_convs)
from .pyramid_boxes import crop_resize_center, pyramid_boxes

__all__ = [
    'DenseCRF', 'PixelAttention', 'SwAVProjector', 'crop_resize_center',
    'dense_projection', 'kaiming_init_convs', 'pyramid_boxes'
]
