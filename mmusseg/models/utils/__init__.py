from .dense_crf import DenseCRF
from .pixel_attention import PixelAttention
from .projection import projection_mlp
from .pyramid_boxes import crop_resize_center, pyramid_boxes

__all__ = [
    'DenseCRF', 'PixelAttention', 'crop_resize_center',
    'projection_mlp', 'pyramid_boxes'
]
