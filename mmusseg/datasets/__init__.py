from . import transforms  # noqa: F401
from .synthetic_scenes import SyntheticScenesDataset

__all__ = ['SyntheticScenesDataset']
