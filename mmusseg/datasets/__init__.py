from . import transforms  # noqa: F401
from .cityscapes27 import Cityscapes27Dataset
from .coco_stuff27 import COCOStuff27Dataset
from .coco_stuff27_partition import COCOStuff27PartitionDataset
from .five_crop_dataset import FiveCropDataset
from .image_folder import ImageFolderDataset
from .imagenet_s import ImageNetSDataset
from .indexed_concat_dataset import IndexedConcatDataset
from .knn_pair_dataset import KNNPairDataset
from .pyramid_crop_dataset import PyramidCropDataset
from .standin_objects import (StandinObjectsClassification,
                              StandinObjectsDataset, ensure_standin_objects)
from .synthetic_scenes import SyntheticScenesDataset

__all__ = [
    'Cityscapes27Dataset', 'COCOStuff27Dataset',
    'COCOStuff27PartitionDataset', 'FiveCropDataset',
    'ImageFolderDataset', 'ImageNetSDataset', 'IndexedConcatDataset',
    'KNNPairDataset', 'PyramidCropDataset', 'StandinObjectsClassification',
    'StandinObjectsDataset', 'SyntheticScenesDataset', 'ensure_standin_objects'
]
