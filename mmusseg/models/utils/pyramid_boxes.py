"""The image pyramid of PGG: the whole image and five crops."""
from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

Box = Tuple[float, float, float, float]


def pyramid_boxes(crop_ratio: float = 0.5, pyramid: bool = True) -> List[Box]:
    """PGG's views as (top, left, height, width) fractions of the image.

    The whole image first, then (with ``pyramid``) the four corners and the
    center, each ``crop_ratio`` of the image's height and width.
    """
    if not 0 < crop_ratio < 1:
        raise ValueError(f'crop_ratio must be in (0, 1), got {crop_ratio}.')
    boxes = [(0.0, 0.0, 1.0, 1.0)]
    if pyramid:
        far = 1.0 - crop_ratio
        mid = (1.0 - crop_ratio) / 2
        for top, left in ((0.0, 0.0), (0.0, far), (far, 0.0), (far, far),
                          (mid, mid)):
            boxes.append((top, left, crop_ratio, crop_ratio))
    return boxes


def box_pixels(box: Box, height: int,
               width: int) -> Tuple[int, int, int, int]:
    """(y0, y1, x0, x1) pixel bounds of a fractional ``box`` in a
    ``height`` x ``width`` image (rounded, at least one pixel)."""
    top, left, h, w = box
    y0, x0 = round(top * height), round(left * width)
    y1 = max(y0 + 1, round((top + h) * height))
    x1 = max(x0 + 1, round((left + w) * width))
    return y0, y1, x0, x1


def crop_resize_center(images: Tensor, box: Box, resize: int,
                       crop_size: int) -> Tensor:
    """Crop ``box`` from (B, C, H, W) images, resize its shorter side to
    ``resize`` and take the central ``crop_size`` square (the ISS
    evaluation transform: 256 resize, 224 center crop)."""
    y0, y1, x0, x1 = box_pixels(box, *images.shape[-2:])
    region = images[..., y0:y1, x0:x1]
    rh, rw = region.shape[-2:]
    scale = resize / min(rh, rw)
    size = (max(crop_size, round(rh * scale)), max(crop_size,
                                                   round(rw * scale)))
    region = F.interpolate(region, size=size, mode='bilinear',
                           align_corners=False, antialias=True)
    cy, cx = (size[0] - crop_size) // 2, (size[1] - crop_size) // 2
    return region[..., cy:cy + crop_size, cx:cx + crop_size]


def crop_resize_back(image: Tensor, box: Box, mode: str = 'bilinear'
                     ) -> Tensor:
    """Crop ``box`` from a (C, H, W) image and resize it back to (H, W).

    Integer images (uint8 pixels, int64 labels) keep their dtype: bilinear
    results are rounded, and labels should use ``mode='nearest'``.
    """
    height, width = image.shape[-2:]
    y0, y1, x0, x1 = box_pixels(box, height, width)
    region = image[None, :, y0:y1, x0:x1].float()
    kwargs = dict(align_corners=False) if mode == 'bilinear' else {}
    out = F.interpolate(region, size=(height, width), mode=mode,
                        **kwargs)[0]
    if not image.dtype.is_floating_point:
        out = out.round()
        if image.dtype == torch.uint8:
            out = out.clamp(0, 255)
    return out.to(image.dtype)
