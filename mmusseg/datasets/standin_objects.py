"""The stand-in pretraining corpus: procedural objects (``object_generator``)
written once in the ImageNet-S-50 layout.

ImageNet cannot be downloaded here, and every published result in this
field starts from weights trained on it. The corpus plays its part: the
stand-in weights of ``tools/build_standin.py`` are trained on its train
split (class labels for the supervised ones, images only for MoCo v2), and
PASS runs on it as on ImageNet-S-50, whose layout it has::

    {data_root}/{cache_key}/ImageNetS50/{train,validation}/WNID/WNID_NNNNN.png
    {data_root}/{cache_key}/ImageNetS50/{train,validation}-segmentation/WNID/WNID_NNNNN.png

with WNID ``cNN-shape-texture`` (sorted = class order) and masks coded as
ImageNet-S's (R + 256 G; 0 background, class index + 1 on the object).
Unlike ImageNet-S, whose train images have no public masks, every image
has one: PASS's pseudo-labels of the train split can be scored on the
images they label.
"""
from pathlib import Path
from typing import Tuple

import cv2
import numpy as np
from mmengine.utils import ProgressBar
from mmpretrain.datasets import CustomDataset
from mmpretrain.registry import DATASETS as CLS_DATASETS
from mmseg.registry import DATASETS

from .generated_cache import ensure_generated
from .imagenet_s import ImageNetSDataset, write_imagenet_s_mask
from .object_generator import (CLASSES, OBJECT_GENERATOR_VERSION,
                               generate_object_image)

STANDIN_SPLITS = {'train': 0, 'validation': 1}
# Version of the files written beside the images: 2 added the train masks
# (the images are those of layout 1, byte for byte).
STANDIN_LAYOUT_VERSION = 2
STANDIN_SUBSET = len(CLASSES)  # 50, ImageNet-S-50's size


def standin_wnids() -> Tuple[str, ...]:
    """The class folder names, in class order (they sort that way)."""
    return tuple(f'c{k:02d}-{name}' for k, name in enumerate(CLASSES))


def standin_cache_key(seed: int, num_train: int, num_val: int,
                      img_size: Tuple[int, int]) -> str:
    """The cache directory name: every generation parameter and the
    layout version (layout 1 had no suffix)."""
    h, w = img_size
    return (f'v{OBJECT_GENERATOR_VERSION}_seed{seed}_n{num_train}-'
            f'{num_val}_{h}x{w}_layout{STANDIN_LAYOUT_VERSION}')


def ensure_standin_objects(data_root: str = 'data/standin_objects',
                           seed: int = 0,
                           num_train: int = 64,
                           num_val: int = 8,
                           img_size: Tuple[int, int] = (64, 64)) -> Path:
    """Generate the corpus if it is not cached, and return the folder that
    holds ``ImageNetS50`` (the ``data_root`` of :class:`ImageNetSDataset`).

    Image ``i`` of class ``k`` in a split depends only on
    ``(seed, split, k, i)``.

    Args:
        data_root (str): Cache directory. Defaults to
            ``'data/standin_objects'``.
        seed (int): Generation seed. Defaults to 0.
        num_train (int): Train images per class. Defaults to 64.
        num_val (int): Validation images per class. Defaults to 8.
        img_size (tuple[int, int]): (H, W), at least 32 each.
            Defaults to (64, 64).
    """
    if num_train < 1 or num_val < 1:
        raise ValueError('The stand-in corpus needs num_train >= 1 and '
                         'num_val >= 1 images per class.')
    if min(img_size) < 32:
        raise ValueError(f'The stand-in corpus needs images of at least '
                         f'32x32, got {tuple(img_size)}.')
    counts = dict(train=num_train, validation=num_val)
    target = Path(data_root) / standin_cache_key(seed, num_train, num_val,
                                                 img_size)

    def write(folder: Path) -> dict:
        total = len(CLASSES) * sum(counts.values())
        print(f'Generating the stand-in corpus ({total} images) into '
              f'{target} ...')
        progress = ProgressBar(total)
        root = folder / f'ImageNetS{STANDIN_SUBSET}'
        for split, count in counts.items():
            for k, wnid in enumerate(standin_wnids()):
                (root / split / wnid).mkdir(parents=True)
                for i in range(count):
                    rng = np.random.default_rng(
                        [seed, STANDIN_SPLITS[split], k, i])
                    img, mask = generate_object_image(rng, k, img_size)
                    name = f'{wnid}_{i:05d}.png'
                    cv2.imwrite(str(root / split / wnid / name),
                                img[..., ::-1])
                    write_imagenet_s_mask(
                        root / f'{split}-segmentation' / wnid / name,
                        np.where(mask, k + 1, 0))
                    progress.update()
        print()
        return dict(version=OBJECT_GENERATOR_VERSION,
                    layout=STANDIN_LAYOUT_VERSION, seed=seed,
                    img_size=list(img_size), num_images=counts)

    return ensure_generated(target, write)


@DATASETS.register_module()
class StandinObjectsDataset(ImageNetSDataset):
    """The stand-in corpus as ImageNet-S-50 (segmentation, PASS), generated
    on first use.

    Args:
        data_root (str): Cache directory. Defaults to
            ``'data/standin_objects'``.
        seed, num_train, num_val, img_size: Generation parameters, see
            :func:`ensure_standin_objects`.
        **kwargs: Other :class:`ImageNetSDataset` arguments (``split``,
            ``with_labels``, ``seg_dir``, ``pipeline``...); ``subset`` is
            always 50. The ``train`` split's labels are its masks unless
            ``seg_dir`` names others (PASS's pseudo-labels).
    """

    def __init__(self,
                 data_root: str = 'data/standin_objects',
                 seed: int = 0,
                 num_train: int = 64,
                 num_val: int = 8,
                 img_size: Tuple[int, int] = (64, 64),
                 **kwargs) -> None:
        root = ensure_standin_objects(data_root, seed, num_train, num_val,
                                      tuple(img_size))
        kwargs['subset'] = STANDIN_SUBSET
        if kwargs.get('split') == 'train' and not kwargs.get('seg_dir'):
            kwargs['seg_dir'] = str(root / f'ImageNetS{STANDIN_SUBSET}' /
                                    'train-segmentation')
        super().__init__(data_root=str(root), **kwargs)


@CLS_DATASETS.register_module()
class StandinObjectsClassification(CustomDataset):
    """The stand-in corpus as an image classification dataset (mmpretrain),
    generated on first use: the supervised stand-in pretraining's
    ImageNet-1k.

    Args:
        split (str): ``'train'`` or ``'validation'``. Defaults to
            ``'train'``.
        data_root (str): Cache directory. Defaults to
            ``'data/standin_objects'``.
        seed, num_train, num_val, img_size: Generation parameters, see
            :func:`ensure_standin_objects`.
        **kwargs: Other ``mmpretrain.datasets.CustomDataset`` arguments
            (``pipeline``, ``with_label``...).
    """

    def __init__(self,
                 split: str = 'train',
                 data_root: str = 'data/standin_objects',
                 seed: int = 0,
                 num_train: int = 64,
                 num_val: int = 8,
                 img_size: Tuple[int, int] = (64, 64),
                 **kwargs) -> None:
        if split not in STANDIN_SPLITS:
            raise ValueError(f"StandinObjectsClassification.split must be "
                             f"'train' or 'validation', got {split!r}.")
        root = ensure_standin_objects(data_root, seed, num_train, num_val,
                                      tuple(img_size))
        kwargs.setdefault('metainfo', dict(classes=standin_wnids()))
        super().__init__(
            data_root=str(root / f'ImageNetS{STANDIN_SUBSET}'),
            data_prefix=split,
            **kwargs)
