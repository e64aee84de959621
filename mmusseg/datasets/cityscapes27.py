"""Cityscapes-27: gtFine labelIds 7..33 as 27 classes."""
from pathlib import Path
from typing import List

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .label_mapping import build_label_lut
from .layout import CITYSCAPES_SPLITS, require_dir

CLASSES = ('road', 'sidewalk', 'parking', 'rail track', 'building', 'wall',
           'fence', 'guard rail', 'bridge', 'tunnel', 'pole', 'polegroup',
           'traffic light', 'traffic sign', 'vegetation', 'terrain', 'sky',
           'person', 'rider', 'car', 'truck', 'bus', 'caravan', 'trailer',
           'train', 'motorcycle', 'bicycle')
THING_CLASSES = ('person', 'rider', 'car', 'truck', 'bus', 'caravan',
                 'trailer', 'train', 'motorcycle', 'bicycle')
PALETTE = [[128, 64, 128], [244, 35, 232], [250, 170, 160], [230, 150, 140],
           [70, 70, 70], [102, 102, 156], [190, 153, 153], [180, 165, 180],
           [150, 100, 100], [150, 120, 90], [153, 153, 153], [153, 153, 153],
           [250, 170, 30], [220, 220, 0], [107, 142, 35], [152, 251, 152],
           [70, 130, 180], [220, 20, 60], [255, 0, 0], [0, 0, 142],
           [0, 0, 70], [0, 60, 100], [0, 0, 90], [0, 0, 110], [0, 80, 100],
           [0, 0, 230], [119, 11, 32]]
#: labelIds 7..33 -> 0..26, ids 0..6 and 255 ignored, the rest unknown.
LABEL_LUT = build_label_lut({raw: raw - 7 for raw in range(7, 34)},
                            ignore_ids=(*range(7), 255))
IMG_SUFFIX = '_leftImg8bit.png'
LABEL_SUFFIX = '_gtFine_labelIds.png'


@DATASETS.register_module()
class Cityscapes27Dataset(BaseSegDataset):
    """Cityscapes with the 27 classes of labelIds 7..33.

    ::

        data_root/leftImg8bit/{train,val,test,train_extra}/CITY/*_leftImg8bit.png
        data_root/gtFine/{train,val}/CITY/*_gtFine_labelIds.png

    labelIds 7..33 become 0..26; ids 0..6 and 255 are ignored; anything else
    raises an error naming the file. PiCIE trains on ``train_extra`` +
    ``test`` without labels and evaluates on ``train`` + ``val``; STEGO
    trains on ``train`` and evaluates on ``val`` (see
    ``configs/_base_/datasets/cityscapes27_*.py``).

    Args:
        data_root (str): Root of the tree. Defaults to ``'data/cityscapes'``.
        split (str): One of train, val, test, train_extra.
            Defaults to ``'train'``.
        with_labels (bool): Attach gtFine label maps (only train and val
            have them). Defaults to True.
        **kwargs: Other :class:`mmseg.datasets.BaseSegDataset` arguments.
    """

    METAINFO = dict(
        classes=CLASSES, palette=PALETTE, thing_classes=THING_CLASSES)

    def __init__(self,
                 data_root: str = 'data/cityscapes',
                 split: str = 'train',
                 with_labels: bool = True,
                 **kwargs) -> None:
        if split not in CITYSCAPES_SPLITS:
            raise ValueError(f'Cityscapes27Dataset.split must be one of '
                             f'{CITYSCAPES_SPLITS}, got {split!r}.')
        if with_labels and split not in ('train', 'val'):
            raise ValueError(f'Cityscapes split {split!r} has no gtFine '
                             f'labels; set with_labels=False.')
        self.split = split
        self.with_labels = with_labels
        self.label_lut = LABEL_LUT
        super().__init__(data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """List every city's images of the split with their labelIds."""
        root = Path(self.data_root)
        img_dir = root / 'leftImg8bit' / self.split
        ann_dir = root / 'gtFine' / self.split
        require_dir(img_dir, 'Cityscapes leftImg8bit images', 'cityscapes-27')
        images = sorted(img_dir.glob(f'*/*{IMG_SUFFIX}'))
        if not images:
            raise FileNotFoundError(
                f'No CITY/*{IMG_SUFFIX} images in {img_dir}; see '
                f'docs/dataset_prepare.md#cityscapes-27.')
        data_list = []
        missing = []
        for img in images:
            label = None
            if self.with_labels:
                stem = img.name[:-len(IMG_SUFFIX)]
                label = ann_dir / img.parent.name / f'{stem}{LABEL_SUFFIX}'
                if not label.is_file():
                    missing.append(str(label))
            data_list.append(
                dict(
                    img_path=str(img),
                    seg_map_path=str(label) if label else None,
                    label_lut=self.label_lut,
                    seg_fields=[],
                    reduce_zero_label=False))
        if missing:
            require_dir(ann_dir, 'Cityscapes gtFine labels', 'cityscapes-27')
            raise FileNotFoundError(
                f'{len(missing)} Cityscapes label maps are missing, e.g. '
                f'{missing[:3]}; see docs/dataset_prepare.md#cityscapes-27.')
        return data_list
