from .five_crop import FiveCrop
from .imagenet_s import LoadImageNetSAnnotations, ResizeLongerIfLarge
from .loading import LoadAnyImageFromFile, LoadMappedAnnotations
from .resize_center_crop import ResizeCenterCrop

__all__ = [
    'FiveCrop', 'LoadAnyImageFromFile', 'LoadImageNetSAnnotations',
    'LoadMappedAnnotations', 'ResizeCenterCrop', 'ResizeLongerIfLarge'
]
