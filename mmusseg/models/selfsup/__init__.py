from .pass_pixel_attention import PASSPixelAttention
from .pass_pretrain import PASSPretrain

__all__ = ['PASSPixelAttention', 'PASSPretrain']
