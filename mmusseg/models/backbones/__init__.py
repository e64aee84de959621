from .frozen_vit import FrozenVisionTransformer

__all__ = ['FrozenVisionTransformer']
