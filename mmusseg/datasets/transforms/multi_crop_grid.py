"""PASS's multi-crop views with the pixel grid shared by the first two."""
from typing import Dict, List, Optional, Sequence, Tuple

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform, Compose
from mmseg.registry import TRANSFORMS

from .resized_crop import sample_crop_box


def overlap_grids(box_q: Sequence[float], box_k: Sequence[float],
                  flip_q: bool, flip_k: bool,
                  size: int) -> np.ndarray:
    """Sampling grids of the same ``size`` x ``size`` image points in two
    crops, for ``F.grid_sample`` (x, y in [-1, 1], ``align_corners=False``).

    The points span the crops' overlap edge to edge. A flipped crop mirrors
    x. Crops that do not overlap get -2 everywhere (outside both crops: the
    sampled features are zero, as in the reference).

    Args:
        box_q, box_k: (top, left, h, w) of each crop in image pixels.
        flip_q, flip_k: Whether each crop was flipped.
        size (int): Points per side.

    Returns:
        np.ndarray: (2, size, size, 2) float32 grids of crop q then k.
    """
    y0 = max(box_q[0], box_k[0])
    x0 = max(box_q[1], box_k[1])
    y1 = min(box_q[0] + box_q[2], box_k[0] + box_k[2])
    x1 = min(box_q[1] + box_q[3], box_k[1] + box_k[3])
    if y1 <= y0 or x1 <= x0:
        return np.full((2, size, size, 2), -2, dtype=np.float32)
    steps = np.linspace(0, 1, size)
    ys, xs = y0 + steps * (y1 - y0), x0 + steps * (x1 - x0)
    grids = []
    for (top, left, h, w), flip in ((box_q, flip_q), (box_k, flip_k)):
        u = (xs - left) / w
        v = (ys - top) / h
        if flip:
            u = 1 - u
        grid = np.empty((size, size, 2), dtype=np.float32)
        grid[..., 0] = 2 * u[None, :] - 1
        grid[..., 1] = 2 * v[:, None] - 1
        grids.append(grid)
    return np.stack(grids)


@TRANSFORMS.register_module()
class MultiCropWithGrid(BaseTransform):
    """SwAV multi-crop (PASS stage 1): ``num_crops[i]`` random resized
    crops of side ``crop_sizes[i]`` with area in ``scales[i]``, each flipped
    with probability 0.5 and passed through ``view_transforms`` (colour
    distortion, blur), plus the ``grid_size`` x ``grid_size`` grid of image
    points shared by the first two crops, for the pixel-to-pixel loss.

    Required keys: ``img``. Modified keys: ``img`` (a list of crops, large
    ones first, the format of mmpretrain's ``PackInputs``). Added keys:
    ``grid`` ((2, g, g, 2) float32, see :func:`overlap_grids`).

    Args:
        num_crops (Sequence[int]): Crops per resolution. Defaults to (2, 6).
        crop_sizes (Sequence[int]): Their sides. Defaults to (224, 96).
        scales (Sequence[Sequence[float]]): Their area ranges. Defaults to
            ((0.14, 1), (0.05, 0.14)), PASS's.
        grid_size (int): Grid points per side. Defaults to 7.
        flip_prob (float): Horizontal flip probability. Defaults to 0.5.
        view_transforms (list[dict], optional): Photometric transforms of
            each crop (e.g. mmpretrain's ``ColorJitter``). Defaults to None.
    """

    def __init__(self,
                 num_crops: Sequence[int] = (2, 6),
                 crop_sizes: Sequence[int] = (224, 96),
                 scales: Sequence[Sequence[float]] = ((0.14, 1.0),
                                                      (0.05, 0.14)),
                 grid_size: int = 7,
                 flip_prob: float = 0.5,
                 view_transforms: Optional[List[dict]] = None) -> None:
        if not len(num_crops) == len(crop_sizes) == len(scales):
            raise ValueError('num_crops, crop_sizes and scales need one '
                             'entry per resolution.')
        if num_crops[0] < 2:
            raise ValueError('The pixel grid needs at least two crops of the '
                             f'first resolution, got num_crops={num_crops}.')
        self.num_crops = tuple(num_crops)
        self.crop_sizes = tuple(crop_sizes)
        self.scales = tuple(tuple(s) for s in scales)
        self.grid_size = grid_size
        self.flip_prob = flip_prob
        self.view_transforms = Compose(view_transforms or [])

    def _crop(self, img: np.ndarray, rng: np.random.Generator, size: int,
              scale: Tuple[float, float]) -> Tuple[np.ndarray, Dict]:
        box = sample_crop_box(rng, img.shape[0], img.shape[1], scale)
        top, left, h, w = box
        crop = mmcv.imresize(img[top:top + h, left:left + w], (size, size),
                             interpolation='bilinear', backend='pillow')
        flip = bool(rng.random() < self.flip_prob)
        if flip:
            crop = crop[:, ::-1]
        view = self.view_transforms(dict(img=np.ascontiguousarray(crop)))
        return view['img'], dict(box=box, flip=flip)

    def transform(self, results: dict) -> dict:
        """Replace ``img`` by the crops and add their shared ``grid``."""
        rng = np.random.default_rng(np.random.randint(2**31))
        crops, params = [], []
        for count, size, scale in zip(self.num_crops, self.crop_sizes,
                                      self.scales):
            for _ in range(count):
                crop, param = self._crop(results['img'], rng, size, scale)
                crops.append(crop)
                params.append(param)
        results['img'] = crops
        results['grid'] = overlap_grids(
            params[0]['box'], params[1]['box'], params[0]['flip'],
            params[1]['flip'], self.grid_size)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_crops={self.num_crops}, '
                f'crop_sizes={self.crop_sizes}, scales={self.scales}, '
                f'grid_size={self.grid_size})')
