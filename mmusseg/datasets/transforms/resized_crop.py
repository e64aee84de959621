"""Random resized crops that remember where they came from.

PASS needs the box of each crop (to align pixels of two crops) and its
fine-tuning stage crops an image and its pseudo-label together; neither is
offered by mmcv's or mmpretrain's ``RandomResizedCrop``.
"""
import math
from typing import Sequence, Tuple

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS


def sample_crop_box(rng: np.random.Generator, height: int, width: int,
                    scale: Sequence[float],
                    ratio: Sequence[float] = (3 / 4, 4 / 3)
                    ) -> Tuple[int, int, int, int]:
    """Draw torchvision's ``RandomResizedCrop`` box: an area fraction in
    ``scale`` and a log-uniform aspect ratio in ``ratio``, ten tries, then
    the central crop of the clamped ratio.

    Returns:
        tuple[int, int, int, int]: (top, left, h, w) in pixels.
    """
    area = height * width
    log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
    for _ in range(10):
        target = area * rng.uniform(*scale)
        aspect = math.exp(rng.uniform(*log_ratio))
        w = int(round(math.sqrt(target * aspect)))
        h = int(round(math.sqrt(target / aspect)))
        if 0 < w <= width and 0 < h <= height:
            return (int(rng.integers(0, height - h + 1)),
                    int(rng.integers(0, width - w + 1)), h, w)
    in_ratio = width / height
    if in_ratio < min(ratio):
        w, h = width, int(round(width / min(ratio)))
    elif in_ratio > max(ratio):
        h, w = height, int(round(height * max(ratio)))
    else:
        h, w = height, width
    return (height - h) // 2, (width - w) // 2, h, w


@TRANSFORMS.register_module()
class RandomResizedCropWithSeg(BaseTransform):
    """Random resized crop of the image and, with nearest interpolation, of
    every seg field (PASS fine-tuning on pseudo-labels).

    Required keys: ``img``; optional seg fields. Modified keys: ``img``,
    ``img_shape``, the seg fields.

    Args:
        size (int): Side of the square output.
        scale (Sequence[float]): Area fraction range. Defaults to
            (0.08, 1.0), torchvision's.
        ratio (Sequence[float]): Aspect ratio range. Defaults to (3/4, 4/3).
        interpolation (str): Image interpolation. Defaults to 'bilinear'.
    """

    def __init__(self,
                 size: int,
                 scale: Sequence[float] = (0.08, 1.0),
                 ratio: Sequence[float] = (3 / 4, 4 / 3),
                 interpolation: str = 'bilinear') -> None:
        if size < 1 or not 0 < scale[0] <= scale[1] <= 1:
            raise ValueError(f'RandomResizedCropWithSeg needs size >= 1 and '
                             f'0 < scale[0] <= scale[1] <= 1, got size='
                             f'{size}, scale={tuple(scale)}.')
        self.size = size
        self.scale = tuple(scale)
        self.ratio = tuple(ratio)
        self.interpolation = interpolation

    def transform(self, results: dict) -> dict:
        """Crop and resize the image and its seg fields together."""
        rng = np.random.default_rng(np.random.randint(2**31))
        top, left, h, w = sample_crop_box(rng, *results['img'].shape[:2],
                                          self.scale, self.ratio)
        size = (self.size, self.size)
        results['img'] = mmcv.imresize(
            results['img'][top:top + h, left:left + w], size,
            interpolation=self.interpolation)
        for key in results.get('seg_fields', []):
            results[key] = mmcv.imresize(
                results[key][top:top + h, left:left + w], size,
                interpolation='nearest')
        results['img_shape'] = results['img'].shape[:2]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(size={self.size}, '
                f'scale={self.scale}, ratio={self.ratio})')
