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

from .pyramid_boxes import box_pixels

CROP_RULES = ('picie', 'torchvision')
JITTER_RULES = ('picie', 'moco')
BLUR_RULES = ('picie', 'uniform')


def pillow_gaussian_blur(img: Tensor, radius: float,
                         passes: int = 3) -> Tensor:
    """Pillow's ``ImageFilter.GaussianBlur(radius)`` on a (C, H, W) tensor.

    Pillow approximates the Gaussian by ``passes`` extended box blurs
    (Gwosdek et al., SSVM 2011) per axis, whose variance sums to
    ``radius ** 2``, with edge pixels repeated. A negative radius blurs like
    its absolute value, since only its square is used. Matches Pillow up to
    its uint8 rounding after every pass.
    """
    sigma2 = radius * radius / passes
    length = math.sqrt(12.0 * sigma2 + 1.0)
    whole = math.floor((length - 1.0) / 2.0)
    frac = ((2 * whole + 1) * (whole * (whole + 1) - 3 * sigma2) /
            (6 * (sigma2 - (whole + 1)**2)))
    kernel = torch.ones(2 * whole + 3, dtype=img.dtype, device=img.device)
    kernel[0] = kernel[-1] = frac
    kernel = kernel / (2 * (whole + frac) + 1)
    pad = whole + 1
    out = img[None]
    channels = img.shape[0]
    for dim in (3, 2):  # all horizontal passes, then all vertical ones
        shape = (1, 1, 1, len(kernel)) if dim == 3 else (1, 1, len(kernel), 1)
        weight = kernel.reshape(shape).expand(channels, *shape[1:])
        padding = (pad, pad, 0, 0) if dim == 3 else (0, 0, pad, pad)
        for _ in range(passes):
            out = F.conv2d(F.pad(out, padding, mode='replicate'), weight,
                           groups=channels)
    return out[0]


class PairedViewSampler:
    """Draw and apply PiCIE's per-image view parameters.

    The defaults reproduce janghyuncho/PiCIE (``data/custom_transforms.py``
    and ``data/coco_train_dataset.py``); the other rules are mmusseg's
    corrections, used by the ``picie-fixed_*`` configs.

    Photometric P (independent per view), in this order:

    * colour jitter: brightness, contrast and saturation factors in
      [1-0.3, 1+0.3], hue shift in [-0.1, 0.1] (MoCo v2's strengths).
      ``jitter_rule='picie'``: every op has its own coin of probability
      ``jitter_prob`` and they run in that fixed order (the reference);
      ``'moco'``: one coin for all four, in random order (torchvision's
      ``RandomApply(ColorJitter)``, MoCo v2's);
    * grayscale with probability ``gray_prob`` (never when
      ``reproduce_grayscale_bug``: the reference tests for ``'gray'`` but
      its scripts pass ``--grey``);
    * blur. ``blur_rule='picie'``: one uniform draw ``u`` decides both the
      coin (``u < blur_prob``) and Pillow's radius ``m (u - p) + sigma_min``
      with ``m = (sigma_max - sigma_min) / (1 - p)``: values in [-1.8, 0.1)
      whose absolute value Pillow uses, i.e. sigma in [0, 1.8], through
      Pillow's box-blur approximation (the reference's formula, in the
      Pillow version it pins); ``'uniform'``: sigma ~ U(0.1, 2) and a
      Gaussian kernel (the intended MoCo v2 blur).

    ``photometric_on_source`` applies P to the source image (PiCIE's 640
    px image, before the crop and the resize to the view size), as the
    reference; otherwise to the view (cheaper).

    Geometric G: a crop, resized to the view size, then a horizontal flip
    with probability ``flip_prob``; it is applied to an image (view 1) or
    replayed on a feature map (view 2). ``crop_rule='picie'``: a crop whose
    side is a fraction ``s ~ U(crop_scale)`` of each side (aspect ratio
    kept), at a uniform position, with the reference's integer rounding at
    each resolution; ``'torchvision'``: ``RandomResizedCrop``'s area
    ``U(crop_scale)`` and aspect ratio in [3/4, 4/3].

    Args:
        seed (int): Base seed. Defaults to 0.
        crop_scale (Sequence[float]): Crop side (``'picie'``) or area
            (``'torchvision'``) range. Defaults to (0.5, 1).
        crop_rule (str): ``'picie'`` or ``'torchvision'``.
            Defaults to ``'picie'``.
        flip_prob (float): Horizontal flip probability. Defaults to 0.5.
        jitter_prob (float): Colour jitter probability. Defaults to 0.8.
        jitter_strength (Sequence[float]): Brightness, contrast, saturation
            and hue strengths. Defaults to (0.3, 0.3, 0.3, 0.1).
        jitter_rule (str): ``'picie'`` or ``'moco'``.
            Defaults to ``'picie'``.
        gray_prob (float): Grayscale probability. Defaults to 0.2.
        reproduce_grayscale_bug (bool): Never apply grayscale, as the
            reference. Defaults to True.
        blur_prob (float): Blur probability. Defaults to 0.5.
        blur_sigma (Sequence[float]): (sigma_min, sigma_max).
            Defaults to (0.1, 2.0).
        blur_rule (str): ``'picie'`` or ``'uniform'``.
            Defaults to ``'picie'``.
        photometric_on_source (bool): Jitter the source image rather than
            the view. Defaults to True.
        reproduce_view1_jitter_bug (bool): Reproduce the bug of the
            reference's *Cityscapes* dataset, whose training pass feeds view
            1 without the photometric jitter its labels were computed with
            (``data/cityscapes_train_dataset.py``; COCO is correct).
            Defaults to False.
    """

    def __init__(self,
                 seed: int = 0,
                 crop_scale: Sequence[float] = (0.5, 1.0),
                 crop_rule: str = 'picie',
                 flip_prob: float = 0.5,
                 jitter_prob: float = 0.8,
                 jitter_strength: Sequence[float] = (0.3, 0.3, 0.3, 0.1),
                 jitter_rule: str = 'picie',
                 gray_prob: float = 0.2,
                 reproduce_grayscale_bug: bool = True,
                 blur_prob: float = 0.5,
                 blur_sigma: Sequence[float] = (0.1, 2.0),
                 blur_rule: str = 'picie',
                 photometric_on_source: bool = True,
                 reproduce_view1_jitter_bug: bool = False) -> None:
        for name, value, rules in (('crop_rule', crop_rule, CROP_RULES),
                                   ('jitter_rule', jitter_rule, JITTER_RULES),
                                   ('blur_rule', blur_rule, BLUR_RULES)):
            if value not in rules:
                raise ValueError(f'PairedViewSampler.{name} must be one of '
                                 f'{rules}, got {value!r}.')
        if len(jitter_strength) != 4 or not 0 <= jitter_strength[3] <= 0.5:
            raise ValueError('jitter_strength must be (brightness, contrast, '
                             'saturation, hue) with hue in [0, 0.5], got '
                             f'{tuple(jitter_strength)}.')
        if blur_rule == 'picie' and not 0 < blur_prob < 1:
            raise ValueError("blur_rule='picie' needs 0 < blur_prob < 1, got "
                             f'{blur_prob}.')
        self.seed = seed
        self.crop_scale = tuple(crop_scale)
        self.crop_rule = crop_rule
        self.flip_prob = flip_prob
        self.jitter_prob = jitter_prob
        self.jitter_strength = tuple(float(x) for x in jitter_strength)
        self.jitter_rule = jitter_rule
        self.gray_prob = 0.0 if reproduce_grayscale_bug else gray_prob
        self.blur_prob = blur_prob
        self.blur_sigma = tuple(blur_sigma)
        self.blur_rule = blur_rule
        self.photometric_on_source = photometric_on_source
        self.reproduce_view1_jitter_bug = reproduce_view1_jitter_bug

    def _photometric(self, rng: np.random.Generator) -> Dict:
        if self.jitter_rule == 'picie':
            jitter = [bool(rng.random() < self.jitter_prob) for _ in range(4)]
            order = [0, 1, 2, 3]
        else:
            jitter = [bool(rng.random() < self.jitter_prob)] * 4
            order = rng.permutation(4).tolist()
        factors = [float(rng.uniform(max(0.0, 1 - x), 1 + x))
                   for x in self.jitter_strength[:3]]
        hue = float(rng.uniform(-self.jitter_strength[3],
                                self.jitter_strength[3]))
        gray = bool(rng.random() < self.gray_prob)
        low, high = self.blur_sigma
        u = float(rng.random())
        if self.blur_rule == 'picie':
            slope = (high - low) / (1 - self.blur_prob)
            sigma = slope * (u - self.blur_prob) + low  # Pillow's radius
        else:
            sigma = float(rng.uniform(low, high))
        return dict(jitter=jitter, order=order, factors=factors, hue=hue,
                    gray=gray, blur=u < self.blur_prob, sigma=sigma)

    def _crop(self, rng: np.random.Generator) -> Dict:
        """The crop as (top, left, height, width) fractions of the image,
        and for the ``'picie'`` rule its raw (side, row, col) draws."""
        if self.crop_rule == 'picie':
            side = float(rng.uniform(*self.crop_scale))
            row, col = float(rng.uniform(0, 1)), float(rng.uniform(0, 1))
            return dict(crop=((1 - side) * row, (1 - side) * col, side, side),
                        crop_picie=(side, row, col))
        for _ in range(10):
            area = rng.uniform(*self.crop_scale)
            ratio = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
            w, h = math.sqrt(area * ratio), math.sqrt(area / ratio)
            if w <= 1 and h <= 1:
                return dict(
                    crop=(rng.uniform(0, 1 - h), rng.uniform(0, 1 - w), h, w))
        return dict(crop=(0.0, 0.0, 1.0, 1.0))

    def sample(self, epoch: int, index: int) -> Dict:
        """Parameters of image ``index`` at ``epoch``."""
        rng = np.random.default_rng([self.seed, epoch, index])
        params = self._crop(rng)
        params.update(
            flip=bool(rng.random() < self.flip_prob),
            photo1=self._photometric(rng),
            photo2=self._photometric(rng))
        return params

    def photometric(self, img: Tensor, p: Dict) -> Tensor:
        """Apply one view's jitter, grayscale and blur to a (3, H, W) RGB
        image in [0, 1]."""
        ops = (
            lambda x: TF.adjust_brightness(x, p['factors'][0]),
            lambda x: TF.adjust_contrast(x, p['factors'][1]),
            lambda x: TF.adjust_saturation(x, p['factors'][2]),
            lambda x: TF.adjust_hue(x, p['hue']),
        )
        for i in p['order']:
            if p['jitter'][i]:
                img = ops[i](img)
        if p['gray']:
            img = TF.rgb_to_grayscale(img, num_output_channels=3)
        if p['blur']:
            if self.blur_rule == 'picie':
                img = pillow_gaussian_blur(img, p['sigma'])
            else:
                size = 2 * math.ceil(3 * p['sigma']) + 1
                img = TF.gaussian_blur(img, [size, size], [p['sigma']] * 2)
        return img.clamp(0, 1)

    @staticmethod
    def geometric(x: Tensor, p: Dict, size: Tuple[int, int]) -> Tensor:
        """Crop, resize to ``size`` (bilinear) and flip a (C, H, W) map."""
        height, width = x.shape[-2:]
        if 'crop_picie' in p:
            # the reference's RandomResizedCrop.random_crop, per axis
            side, row, col = p['crop_picie']
            h, w = int(side * height), int(side * width)
            y0, x0 = round((height - h) * row), round((width - w) * col)
            y1, x1 = y0 + max(h, 1), x0 + max(w, 1)
        else:
            y0, y1, x0, x1 = box_pixels(p['crop'], height, width)
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
