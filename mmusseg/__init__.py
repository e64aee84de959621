"""mmusseg: unsupervised semantic segmentation for MMSegmentation.

Importing this package registers every mmusseg module into MMSegmentation's
registries (``mmseg.registry``), so configs only need
``custom_imports=dict(imports=['mmusseg'], allow_failed_imports=False)``.
"""
from . import (clustering, datasets, engine, evaluation, models,  # noqa: F401
               visualization)
from .version import __version__

__all__ = ['__version__']
