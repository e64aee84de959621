from .frozen_vit import FrozenVisionTransformer
from .global_encoder import GlobalEncoder

__all__ = ['FrozenVisionTransformer', 'GlobalEncoder']
