from .lateral_fpn import LateralFPN

__all__ = ['LateralFPN']
