from .five_crop import FiveCrop
from .loading import LoadAnyImageFromFile, LoadMappedAnnotations
from .resize_center_crop import ResizeCenterCrop

__all__ = [
    'FiveCrop', 'LoadAnyImageFromFile', 'LoadMappedAnnotations',
    'ResizeCenterCrop'
]
