from . import transforms  # noqa: F401
from .cityscapes27 import Cityscapes27Dataset
from .coco_stuff27 import COCOStuff27Dataset
from .five_crop_dataset import FiveCropDataset
from .image_folder import ImageFolderDataset
from .imagenet_s import ImageNetSDataset
from .indexed_concat_dataset import IndexedConcatDataset
from .knn_pair_dataset import KNNPairDataset
from .synthetic_scenes import SyntheticScenesDataset

__all__ = [
    'Cityscapes27Dataset', 'COCOStuff27Dataset', 'FiveCropDataset',
    'ImageFolderDataset', 'ImageNetSDataset', 'IndexedConcatDataset',
    'KNNPairDataset', 'SyntheticScenesDataset'
]
