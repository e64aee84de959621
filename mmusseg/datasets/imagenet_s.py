"""ImageNet-S (the LUSS benchmark): ImageNet images with 50 / 300 / 919
classes, segmentation masks coded as R + 256 G."""
import os
from pathlib import Path
from typing import List, Optional, Sequence, Union

import cv2
import numpy as np
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .layout import (IMAGENET_S_IGNORE, IMAGENET_S_LABELLED, IMAGENET_S_SPLITS,
                     IMAGENET_S_SUBSETS, list_files, require_dir)

IMG_SUFFIXES = ('.jpeg', '.jpg', '.png')


def imagenet_s_classes(wnids: Sequence[str]) -> tuple:
    """Class names in id order: ``background`` (0), then the WordNet ids
    sorted (ids 1..N), the official id assignment."""
    return ('background', *sorted(wnids))


def imagenet_s_mask_path(mask_root: Union[str, Path],
                         img_path: Union[str, Path]) -> Path:
    """Where the mask of ``img_path`` (``.../WNID/NAME.JPEG``) lies under
    ``mask_root``: ``mask_root/WNID/NAME.png``."""
    img_path = Path(img_path)
    return Path(mask_root) / img_path.parent.name / (img_path.stem + '.png')


def write_imagenet_s_mask(path: Union[str, Path], ids: np.ndarray) -> None:
    """Write (H, W) class ids as an ImageNet-S mask (R = id % 256,
    G = id // 256), atomically: a reader never sees a partial file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = np.asarray(ids, dtype=np.int64)
    bgr = np.stack([np.zeros_like(ids), ids // 256, ids % 256],
                   axis=-1).astype(np.uint8)
    tmp = path.with_name(f'.{path.stem}.{os.getpid()}.png')
    if not cv2.imwrite(str(tmp), bgr):
        raise OSError(f'Could not write {tmp}.')
    os.replace(tmp, path)


@DATASETS.register_module()
class ImageNetSDataset(BaseSegDataset):
    """One split of ImageNet-S-50, -300 or -919 in the official layout::

        data_root/ImageNetS{50,300,919}/{train,train-semi,validation,test}/WNID/NAME.JPEG
        data_root/ImageNetS919/train-full/WNID/NAME.JPEG  (ImageNet-1k train)
        data_root/ImageNetS{50,300,919}/{train-semi,validation}-segmentation/WNID/NAME.png

    Class ids are 1 + the rank of the WordNet id among the split's sorted
    WordNet ids (the folders of ``train``, else of ``validation``); 0 is
    background ("other"), a scored class. Masks are read by
    ``LoadImageNetSAnnotations`` (id = R + 256 G, 1000 = ignore), so
    ``ignore_index`` is 1000.

    Args:
        data_root (str): Folder holding ``ImageNetS50`` etc. Defaults to
            ``'data/ImageNetS'``.
        subset (int): 50, 300 or 919. Defaults to 50.
        split (str): ``train``, ``train-semi``, ``validation``, ``test``,
            or ``train-full`` (ImageNet-S-919 only: the release's link to
            all of ImageNet-1k train, unlabelled). Defaults to
            ``'validation'``.
        with_labels (bool): Attach the masks (``train-semi`` and
            ``validation`` have them). Defaults to True.
        seg_dir (str, optional): Read the masks from ``seg_dir/WNID/NAME.png``
            instead of the split's ``-segmentation`` folder, e.g. PASS's
            pseudo-labels of the train split. Defaults to None.
        **kwargs: Other :class:`mmseg.datasets.BaseSegDataset` arguments.
    """

    METAINFO = dict()

    def __init__(self,
                 data_root: str = 'data/ImageNetS',
                 subset: int = 50,
                 split: str = 'validation',
                 with_labels: bool = True,
                 seg_dir: Optional[str] = None,
                 **kwargs) -> None:
        if subset not in IMAGENET_S_SUBSETS:
            raise ValueError(f'ImageNetSDataset.subset must be one of '
                             f'{IMAGENET_S_SUBSETS}, got {subset!r}.')
        if split not in IMAGENET_S_SPLITS:
            raise ValueError(f'ImageNetSDataset.split must be one of '
                             f'{IMAGENET_S_SPLITS}, got {split!r}.')
        if split == 'train-full' and subset != 919:
            raise ValueError('ImageNetSDataset.split train-full exists for '
                             'subset 919 only (the release links it to '
                             'ImageNet-1k train).')
        if with_labels and split not in IMAGENET_S_LABELLED and not seg_dir:
            raise ValueError(f'ImageNet-S split {split!r} has no public '
                             f'masks; set with_labels=False.')
        self.subset, self.split, self.with_labels = subset, split, with_labels
        self.seg_dir = seg_dir
        self.root = Path(data_root) / f'ImageNetS{subset}'
        wnids = self._wnids()
        kwargs.setdefault('ignore_index', IMAGENET_S_IGNORE)
        metainfo = dict(kwargs.pop('metainfo', None) or {})
        metainfo.setdefault('classes', imagenet_s_classes(wnids))
        super().__init__(data_root=data_root, metainfo=metainfo, **kwargs)

    def _wnids(self) -> List[str]:
        for split in ('train', 'validation'):
            folder = self.root / split
            if folder.is_dir():
                wnids = sorted(p.name for p in folder.iterdir()
                               if p.is_dir())
                if len(wnids) != self.subset:
                    raise ValueError(
                        f'{folder} has {len(wnids)} class folders; '
                        f'ImageNet-S-{self.subset} has {self.subset}.')
                return wnids
        require_dir(self.root / 'validation',
                    f'ImageNet-S-{self.subset} class folders', 'imagenet-s')
        return []

    def load_data_list(self) -> List[dict]:
        """Every image of the split, with its mask path if labelled."""
        img_dir = self.root / self.split
        ann_dir = (Path(self.seg_dir) if self.seg_dir else
                   self.root / f'{self.split}-segmentation')
        require_dir(img_dir, f'ImageNet-S-{self.subset} {self.split} images',
                    'imagenet-s')
        if self.with_labels:
            require_dir(ann_dir, f'ImageNet-S-{self.subset} {self.split} '
                        f'masks', 'imagenet-s')
        data_list = []
        for img in list_files(img_dir, IMG_SUFFIXES):
            info = dict(img_path=str(img), seg_fields=[],
                        label_map=self.label_map,
                        reduce_zero_label=False)
            if self.with_labels:
                ann = imagenet_s_mask_path(ann_dir, img)
                if not ann.is_file():
                    raise FileNotFoundError(
                        f'No mask {ann} for {img}; see '
                        f'docs/dataset_prepare.md#imagenet-s.')
                info['seg_map_path'] = str(ann)
            data_list.append(info)
        return data_list
