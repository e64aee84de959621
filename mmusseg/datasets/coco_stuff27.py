"""COCO-Stuff-27: COCO-Stuff's 182 classes merged into 27 supercategories."""
from pathlib import Path
from typing import List, Optional

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .coco_stuff_classes import (COARSE_CLASSES, FINE_TO_COARSE,
                                 THING_COARSE_CLASSES)
from .label_mapping import build_label_lut
from .layout import COCO_SPLITS, read_id_list, require_dir
from .palette import make_palette

#: Fine ids 0-181 -> 27 coarse classes, 255 ignored, the rest unknown.
LABEL_LUT = build_label_lut(FINE_TO_COARSE)


@DATASETS.register_module()
class COCOStuff27Dataset(BaseSegDataset):
    """COCO-Stuff-27 in the community layout (the one STEGO's archive uses).

    ::

        data_root/images/{train2017,val2017}/*.jpg
        data_root/annotations/{train2017,val2017}/*.png   # fine ids 0-181, 255
        data_root/curated/{train2017,val2017}/Coco164kFull_Stuff_Coarse_7.txt

    Fine ids map to the 27 coarse classes of the official supercategory
    hierarchy (things 0-11, stuff 12-26); 255 is ignored and any other value
    raises an error naming the file. ``metainfo['thing_classes']`` lists the
    12 thing classes for thing/stuff partial scores.

    Args:
        data_root (str): Root of the tree. Defaults to ``'data/cocostuff'``.
        split (str): ``'train2017'`` or ``'val2017'``.
            Defaults to ``'train2017'``.
        curated_list (str, optional): Image-id list relative to
            ``data_root``, e.g.
            ``'curated/val2017/Coco164kFull_Stuff_Coarse_7.txt'``; None
            uses every image of the split. Defaults to None.
        with_labels (bool): Attach label maps. False for unsupervised
            training on images alone. Defaults to True.
        **kwargs: Other :class:`mmseg.datasets.BaseSegDataset` arguments.
    """

    METAINFO = dict(
        classes=COARSE_CLASSES,
        palette=make_palette(len(COARSE_CLASSES)),
        thing_classes=THING_COARSE_CLASSES)

    def __init__(self,
                 data_root: str = 'data/cocostuff',
                 split: str = 'train2017',
                 curated_list: Optional[str] = None,
                 with_labels: bool = True,
                 **kwargs) -> None:
        if split not in COCO_SPLITS:
            raise ValueError(f'COCOStuff27Dataset.split must be one of '
                             f'{COCO_SPLITS}, got {split!r}.')
        self.split = split
        self.curated_list = curated_list
        self.with_labels = with_labels
        self.label_lut = LABEL_LUT
        super().__init__(data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """List the split (or the curated subset) with its label maps."""
        root = Path(self.data_root)
        img_dir = root / 'images' / self.split
        ann_dir = root / 'annotations' / self.split
        require_dir(img_dir, 'COCO-Stuff images', 'coco-stuff-27')
        if self.curated_list is not None:
            list_path = root / self.curated_list
            if not list_path.is_file():
                raise FileNotFoundError(
                    f'Curated list {list_path} not found; see '
                    f'docs/dataset_prepare.md#coco-stuff-27, or set '
                    f'curated_list=None to use every image.')
            ids = read_id_list(list_path)
            missing = [i for i in ids if not (img_dir / f'{i}.jpg').is_file()]
            if missing:
                raise FileNotFoundError(
                    f'{len(missing)} of {len(ids)} images named in '
                    f'{list_path} are missing from {img_dir}, e.g. '
                    f'{missing[:5]}.')
        else:
            ids = sorted(p.stem for p in img_dir.glob('*.jpg'))
        if not ids:
            raise FileNotFoundError(
                f'No .jpg images in {img_dir}; see '
                f'docs/dataset_prepare.md#coco-stuff-27.')
        if self.with_labels:
            require_dir(ann_dir, 'COCO-Stuff stuffthingmaps', 'coco-stuff-27')
            unlabeled = [
                i for i in ids if not (ann_dir / f'{i}.png').is_file()
            ]
            if unlabeled:
                raise FileNotFoundError(
                    f'{len(unlabeled)} images have no label PNG in {ann_dir}, '
                    f'e.g. {unlabeled[:5]}; add them or set '
                    f'with_labels=False.')
        return [
            dict(
                img_path=str(img_dir / f'{i}.jpg'),
                seg_map_path=(str(ann_dir / f'{i}.png')
                              if self.with_labels else None),
                label_lut=self.label_lut,
                seg_fields=[],
                reduce_zero_label=False) for i in ids
        ]
