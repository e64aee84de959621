"""PiCIE's two views: photometric jitter per view and a replayable crop/flip.

Parameters are drawn from ``(seed, epoch, sample index)`` alone, so the
clustering pass and the training pass of an epoch see exactly the same
views, on every rank and after a resume, and no parameter has to be stored.
The ops run on tensors, on the model's device.
"""
import math
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
import torchvision.transforms.v2.functional as TF
from torch import Tensor


class PairedViewSampler:
    """Draw and apply PiCIE's per-image view parameters.

    Photometric P (independent per view): colour jitter (brightness,
    contrast and saturation factors in [1-0.3, 1+0.3], hue shift in
    [-0.1, 0.1], in random order; PiCIE's strengths, from MoCo v2) with
    probability 0.8, grayscale with probability 0.2,
    Gaussian blur with sigma in [0.1, 2] with probability 0.5. Geometric G:
    a random resized crop (scale (0.5, 1), ratio (3/4, 4/3)) then a
    horizontal flip with probability 0.5; it is applied to an image (view 1)
    or replayed on a feature map (view 2).

    Args:
        seed (int): Base seed. Defaults to 0.
        crop_scale (Sequence[float]): Crop area range. Defaults to (0.5, 1).
        flip_prob (float): Horizontal flip probability. Defaults to 0.5.
        jitter_prob (float): Colour jitter probability. Defaults to 0.8.
        gray_prob (float): Grayscale probability. Defaults to 0.2.
        blur_prob (float): Blur probability. Defaults to 0.5.
        jitter_strength (Sequence[float]): Brightness, contrast, saturation
            and hue strengths. Defaults to (0.3, 0.3, 0.3, 0.1).
        grayscale_faithful (bool): Reproduce the reference bug where
            grayscale is never applied (a key typo). Defaults to False.
        blur_faithful (bool): Reproduce the reference bug where the blur
            radius formula makes blur a no-op. Defaults to False.
        train_view1_jitter_faithful (bool): Reproduce the reference bug
            where the training pass feeds view 1 without its photometric
            jitter (its labels were computed with it): the dataset's train
            mode transforms the image and then discards the result.
            Defaults to False.
    """

    def __init__(self,
                 seed: int = 0,
                 crop_scale: Sequence[float] = (0.5, 1.0),
                 flip_prob: float = 0.5,
                 jitter_prob: float = 0.8,
                 gray_prob: float = 0.2,
                 blur_prob: float = 0.5,
                 jitter_strength: Sequence[float] = (0.3, 0.3, 0.3, 0.1),
                 grayscale_faithful: bool = False,
                 blur_faithful: bool = False,
                 train_view1_jitter_faithful: bool = False) -> None:
        self.seed = seed
        self.crop_scale = tuple(crop_scale)
        self.flip_prob = flip_prob
        self.jitter_prob = jitter_prob
        self.gray_prob = 0.0 if grayscale_faithful else gray_prob
        self.blur_prob = 0.0 if blur_faithful else blur_prob
        self.train_view1_jitter_faithful = train_view1_jitter_faithful
        if len(jitter_strength) != 4 or not 0 <= jitter_strength[3] <= 0.5:
            raise ValueError('jitter_strength must be (brightness, contrast, '
                             'saturation, hue) with hue in [0, 0.5], got '
                             f'{tuple(jitter_strength)}.')
        self.jitter_strength = tuple(float(x) for x in jitter_strength)

    def _photometric(self, rng: np.random.Generator) -> Dict:
        return dict(
            jitter=bool(rng.random() < self.jitter_prob),
            factors=[float(rng.uniform(max(0.0, 1 - x), 1 + x))
                     for x in self.jitter_strength[:3]],
            hue=float(rng.uniform(-self.jitter_strength[3],
                                  self.jitter_strength[3])),
            order=rng.permutation(4).tolist(),
            gray=bool(rng.random() < self.gray_prob),
            blur=bool(rng.random() < self.blur_prob),
            sigma=float(rng.uniform(0.1, 2.0)))

    def _crop(self, rng: np.random.Generator) -> Tuple[float, ...]:
        """(top, left, height, width) as fractions of the image."""
        for _ in range(10):
            area = rng.uniform(*self.crop_scale)
            ratio = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
            w, h = math.sqrt(area * ratio), math.sqrt(area / ratio)
            if w <= 1 and h <= 1:
                return (rng.uniform(0, 1 - h), rng.uniform(0, 1 - w), h, w)
        return (0.0, 0.0, 1.0, 1.0)

    def sample(self, epoch: int, index: int) -> Dict:
        """Parameters of image ``index`` at ``epoch``."""
        rng = np.random.default_rng([self.seed, epoch, index])
        return dict(
            crop=self._crop(rng),
            flip=bool(rng.random() < self.flip_prob),
            photo1=self._photometric(rng),
            photo2=self._photometric(rng))

    @staticmethod
    def photometric(img: Tensor, p: Dict) -> Tensor:
        """Apply one view's jitter, grayscale and blur to a (3, H, W) RGB
        image in [0, 1]."""
        if p['jitter']:
            ops = [
                lambda x: TF.adjust_brightness(x, p['factors'][0]),
                lambda x: TF.adjust_contrast(x, p['factors'][1]),
                lambda x: TF.adjust_saturation(x, p['factors'][2]),
                lambda x: TF.adjust_hue(x, p['hue']),
            ]
            for i in p['order']:
                img = ops[i](img)
        if p['gray']:
            img = TF.rgb_to_grayscale(img, num_output_channels=3)
        if p['blur']:
            size = 2 * math.ceil(3 * p['sigma']) + 1
            img = TF.gaussian_blur(img, [size, size], [p['sigma']] * 2)
        return img.clamp(0, 1)

    @staticmethod
    def geometric(x: Tensor, p: Dict, size: Tuple[int, int]) -> Tensor:
        """Crop (fractions of x), resize to ``size`` and flip a (C, H, W)."""
        height, width = x.shape[-2:]
        top, left, h, w = p['crop']
        y0, x0 = round(top * height), round(left * width)
        y1 = max(y0 + 1, round((top + h) * height))
        x1 = max(x0 + 1, round((left + w) * width))
        out = F.interpolate(x[None, :, y0:y1, x0:x1], size=size,
                            mode='bilinear', align_corners=False)[0]
        return out.flip(-1) if p['flip'] else out

    @staticmethod
    def box_in_view(box: Sequence[float], p: Dict, size: Tuple[int, int],
                    min_coverage: float = 0.0) -> Optional[Tensor]:
        """Where a box of the image lies in a view, as a feature-grid mask.

        Args:
            box (Sequence[float]): (top, left, height, width) as fractions
                of the image, like ``p['crop']``.
            p (dict): The view's parameters (from :meth:`sample`).
            size (tuple[int, int]): The (h, w) grid of the view's features.
            min_coverage (float): Smallest fraction of the box's area that
                must lie inside the view's crop.

        Returns:
            Tensor | None: (h, w) bool mask of the grid cells whose centre
            lies in the box, or None when the box is covered less than
            ``min_coverage`` or hits no cell.
        """
        top, left, h, w = p['crop']
        b_top, b_left, b_h, b_w = box
        y0, y1 = max(b_top, top), min(b_top + b_h, top + h)
        x0, x1 = max(b_left, left), min(b_left + b_w, left + w)
        if y1 <= y0 or x1 <= x0 or (y1 - y0) * (x1 - x0) < (
                min_coverage * b_h * b_w):
            return None
        # into the view's [0, 1] coordinates; the flip mirrors x
        y0, y1 = (y0 - top) / h, (y1 - top) / h
        x0, x1 = (x0 - left) / w, (x1 - left) / w
        if p['flip']:
            x0, x1 = 1 - x1, 1 - x0
        ys = (torch.arange(size[0]) + 0.5) / size[0]
        xs = (torch.arange(size[1]) + 0.5) / size[1]
        mask = (((ys >= y0) & (ys < y1))[:, None] &
                ((xs >= x0) & (xs < x1))[None, :])
        return mask if mask.any() else None
