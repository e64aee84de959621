"""Tiny dataset trees in the real layouts, for tests and smoke runs."""
from pathlib import Path
from typing import Sequence, Tuple

import cv2
import numpy as np

from mmusseg.datasets.coco_stuff_classes import FINE_CLASSES
from mmusseg.datasets.layout import COCO_CURATED


def _write_image(path: Path, rng: np.random.Generator, size) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), rng.integers(0, 256, (*size, 3), dtype=np.uint8))


def _write_label(path: Path, values: np.ndarray, rng, size) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), rng.choice(values, size=size).astype(np.uint8))


def make_fake_coco_stuff(root: Path,
                         num_train: int = 4,
                         num_val: int = 2,
                         size: Tuple[int, int] = (48, 64),
                         seed: int = 0) -> Path:
    """Write a COCO-Stuff tree: images, stuffthingmaps and curated lists.

    The curated ``_7`` and un-suffixed lists name all images but the last
    of each split (so the curated subset differs from the full split).
    """
    root = Path(root)
    rng = np.random.default_rng(seed)
    values = np.array([*range(len(FINE_CLASSES)), 255])
    for split, count in (('train2017', num_train), ('val2017', num_val)):
        ids = [f'{i:012d}' for i in range(count)]
        for image_id in ids:
            _write_image(root / 'images' / split / f'{image_id}.jpg', rng,
                         size)
            _write_label(root / 'annotations' / split / f'{image_id}.png',
                         values, rng, size)
        curated = root / 'curated' / split
        curated.mkdir(parents=True, exist_ok=True)
        listed = '\n'.join(ids[:max(1, count - 1)]) + '\n'
        (curated / COCO_CURATED).write_text(listed)
        (curated / 'Coco164kFull_Stuff_Coarse.txt').write_text(listed)
    return root


def make_fake_cityscapes(root: Path,
                         splits: Sequence[str] = ('train', 'val', 'test',
                                                  'train_extra'),
                         per_split: int = 2,
                         size: Tuple[int, int] = (48, 96),
                         seed: int = 0) -> Path:
    """Write a Cityscapes tree (two cities per split; gtFine for train/val)."""
    root = Path(root)
    rng = np.random.default_rng(seed)
    values = np.array([*range(34), 255])
    for split in splits:
        for i in range(per_split):
            city = ('aachen', 'bochum')[i % 2]
            stem = f'{city}_{i:06d}_000019'
            _write_image(root / 'leftImg8bit' / split / city /
                         f'{stem}_leftImg8bit.png', rng, size)
            if split in ('train', 'val'):
                _write_label(root / 'gtFine' / split / city /
                             f'{stem}_gtFine_labelIds.png', values, rng, size)
    return root


def make_fake_image_folder(root: Path,
                           num: int = 4,
                           with_labels: bool = True,
                           num_classes: int = 3,
                           size: Tuple[int, int] = (40, 40),
                           seed: int = 0) -> Path:
    """Write ``images/`` (nested) and, optionally, a parallel ``labels/``."""
    root = Path(root)
    rng = np.random.default_rng(seed)
    values = np.array([*range(num_classes), 255])
    for i in range(num):
        rel = Path(f'group{i % 2}') / f'img{i}'
        _write_image(root / 'images' / rel.with_suffix('.jpg'), rng, size)
        if with_labels:
            _write_label(root / 'labels' / rel.with_suffix('.png'), values,
                         rng, size)
    return root


def make_fake_imagenet_s(root: Path,
                         subset: int = 50,
                         per_class: int = 1,
                         sizes: Sequence[Tuple[int, int]] = ((32, 48),
                                                             (40, 40)),
                         seed: int = 0) -> Path:
    """Write an ImageNet-S tree: ``ImageNetS{subset}/train``,
    ``validation``, ``validation-segmentation`` (RGB masks, id = R + 256 G,
    with background, the class's own id and some 1000 = ignore) and
    ``test``, with ``subset`` fake WordNet ids (listed out of order on disk
    only by name)."""
    root = Path(root)
    rng = np.random.default_rng(seed)
    base = root / f'ImageNetS{subset}'
    wnids = [f'n{10000000 + 37 * i:08d}' for i in range(subset)]
    for rank, wnid in enumerate(sorted(wnids), start=1):
        for split in ('train', 'validation', 'test'):
            for i in range(per_class):
                size = sizes[(rank + i) % len(sizes)]
                name = f'{wnid}_{i:05d}'
                _write_image(base / split / wnid / f'{name}.JPEG', rng, size)
                if split != 'validation':
                    continue
                ids = np.zeros(size, dtype=np.int64)
                ids[size[0] // 4:, size[1] // 3:] = rank
                ids[0, :] = 1000
                mask = np.stack([np.zeros_like(ids), ids // 256, ids % 256],
                                axis=-1).astype(np.uint8)  # BGR: R = id % 256
                path = (base / 'validation-segmentation' / wnid /
                        f'{name}.png')
                path.parent.mkdir(parents=True, exist_ok=True)
                cv2.imwrite(str(path), mask)
    return root
