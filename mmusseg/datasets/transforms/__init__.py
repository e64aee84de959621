from .five_crop import FiveCrop
from .imagenet_s import LoadImageNetSAnnotations, ResizeShorterSide
from .loading import LoadAnyImageFromFile, LoadMappedAnnotations
from .multi_crop_grid import MultiCropWithGrid
from .resize_center_crop import ResizeCenterCrop
from .resized_crop import RandomResizedCropWithSeg

__all__ = [
    'FiveCrop', 'LoadAnyImageFromFile', 'LoadImageNetSAnnotations',
    'LoadMappedAnnotations', 'MultiCropWithGrid', 'RandomResizedCropWithSeg',
    'ResizeCenterCrop', 'ResizeShorterSide'
]
