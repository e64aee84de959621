from .loading import LoadAnyImageFromFile, LoadMappedAnnotations
from .resize_center_crop import ResizeCenterCrop

__all__ = ['LoadAnyImageFromFile', 'LoadMappedAnnotations', 'ResizeCenterCrop']
