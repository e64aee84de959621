"""The built-in synthetic dataset, generated once and cached on disk."""
from pathlib import Path
from typing import List, Optional, Tuple

import cv2
import numpy as np
from mmengine.utils import ProgressBar
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .generated_cache import ensure_generated
from .label_mapping import build_label_lut
from .scene_generator import (CLASSES, GENERATOR_VERSION, THING_CLASSES,
                              generate_scene)

SPLIT_IDS = {'train': 0, 'val': 1}


@DATASETS.register_module()
class SyntheticScenesDataset(BaseSegDataset):
    """Procedural scenes with per-pixel ground truth (see ``scene_generator``).

    Six classes defined by texture (stripes, checker, grain, smooth) and by
    shape with a texture (dotted disk, hatched square), painted in random
    colours with per-image brightness and contrast, so clustering raw RGB
    does poorly while texture-aware features do well. It is the default
    dataset of the README's main job and of the tests.

    The images are generated on first use from ``seed`` into
    ``{data_root}/{cache_key}/{images,labels}/{split}/NNNNN.png``, with the
    parameters in the cache key, and reused afterwards. Image ``i`` of a
    split depends only on ``(seed, split, i)``. Generation happens in a
    temporary directory renamed into place, on rank 0 only under
    distributed training, so concurrent or interrupted runs never leave a
    half-written cache.

    Args:
        data_root (str): Cache directory. Defaults to
            ``'data/synthetic_scenes'``.
        split (str): ``'train'`` or ``'val'``. Defaults to ``'train'``.
        num_train (int): Train images. Defaults to 200.
        num_val (int): Val images. Defaults to 50.
        img_size (tuple[int, int]): (H, W), at least 32 each.
            Defaults to (96, 96).
        seed (int): Generation seed. Defaults to 0.
        hue_spread (float, optional): Give each class its own hue, with
            this spread (see ``scene_generator``). Defaults to None
            (uniformly random colours).
        **kwargs: Other :class:`mmseg.datasets.BaseSegDataset` arguments
            (``pipeline``, ``test_mode``, ``indices``...).
    """

    METAINFO = dict(
        classes=CLASSES,
        palette=[[220, 20, 60], [0, 128, 255], [128, 128, 0],
                 [135, 206, 235], [255, 140, 0], [148, 0, 211]],
        thing_classes=THING_CLASSES)

    def __init__(self,
                 data_root: str = 'data/synthetic_scenes',
                 split: str = 'train',
                 num_train: int = 200,
                 num_val: int = 50,
                 img_size: Tuple[int, int] = (96, 96),
                 seed: int = 0,
                 hue_spread: Optional[float] = None,
                 **kwargs) -> None:
        if split not in SPLIT_IDS:
            raise ValueError(f"SyntheticScenesDataset.split must be 'train' "
                             f"or 'val', got {split!r}.")
        if num_train < 1 or num_val < 1:
            raise ValueError('SyntheticScenesDataset.num_train and num_val '
                             'must be positive.')
        if min(img_size) < 32:
            raise ValueError(f'SyntheticScenesDataset.img_size must be at '
                             f'least 32x32, got {tuple(img_size)}.')
        self.split = split
        self.num_images = {'train': num_train, 'val': num_val}
        self.img_size = tuple(img_size)
        self.seed = seed
        if hue_spread is not None and not hue_spread > 0:
            raise ValueError(f'SyntheticScenesDataset.hue_spread must be '
                             f'positive or None, got {hue_spread}.')
        self.hue_spread = hue_spread
        self.label_lut = build_label_lut({i: i for i in range(len(CLASSES))})
        kwargs.setdefault('img_suffix', '.png')
        super().__init__(data_root=data_root, **kwargs)

    @property
    def cache_key(self) -> str:
        """str: Directory name that encodes every generation parameter."""
        h, w = self.img_size
        hue = '' if self.hue_spread is None else f'_hue{self.hue_spread:g}'
        return (f'v{GENERATOR_VERSION}_seed{self.seed}_n'
                f'{self.num_images["train"]}-{self.num_images["val"]}_{h}x{w}'
                f'{hue}')

    def _write(self, folder: Path) -> dict:
        """Write every split into ``folder``; return the parameters."""
        total = sum(self.num_images.values())
        print(f'Generating {total} synthetic scenes into '
              f'{Path(self.data_root) / self.cache_key} ...')
        progress = ProgressBar(total)
        for split, count in self.num_images.items():
            for sub in ('images', 'labels'):
                (folder / sub / split).mkdir(parents=True)
            for i in range(count):
                rng = np.random.default_rng(
                    [self.seed, SPLIT_IDS[split], i])
                img, label = generate_scene(rng, self.img_size,
                                            self.hue_spread)
                cv2.imwrite(str(folder / 'images' / split / f'{i:05d}.png'),
                            img[..., ::-1])
                cv2.imwrite(str(folder / 'labels' / split / f'{i:05d}.png'),
                            label)
                progress.update()
        print()
        return dict(version=GENERATOR_VERSION, seed=self.seed,
                    hue_spread=self.hue_spread,
                    img_size=self.img_size, num_images=self.num_images)

    def load_data_list(self) -> List[dict]:
        """Generate the cache if needed and list one split."""
        root = ensure_generated(
            Path(self.data_root) / self.cache_key, self._write)
        data_list = []
        for i in range(self.num_images[self.split]):
            name = f'{i:05d}.png'
            data_list.append(
                dict(
                    img_path=str(root / 'images' / self.split / name),
                    seg_map_path=str(root / 'labels' / self.split / name),
                    label_lut=self.label_lut,
                    seg_fields=[],
                    reduce_zero_label=False))
        return data_list
