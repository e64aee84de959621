"""The image pyramid of PGG: the whole image and five crops."""
from typing import List, Tuple

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


def crop_resize_center(images: Tensor, box: Box, resize: int,
                       crop_size: int) -> Tensor:
    """Crop ``box`` from (B, C, H, W) images, resize its shorter side to
    ``resize`` and take the central ``crop_size`` square (the ISS
    evaluation transform: 256 resize, 224 center crop)."""
    height, width = images.shape[-2:]
    top, left, h, w = box
    y0, x0 = round(top * height), round(left * width)
    y1 = max(y0 + 1, round((top + h) * height))
    x1 = max(x0 + 1, round((left + w) * width))
    region = images[..., y0:y1, x0:x1]
    rh, rw = region.shape[-2:]
    scale = resize / min(rh, rw)
    size = (max(crop_size, round(rh * scale)), max(crop_size,
                                                   round(rw * scale)))
    region = F.interpolate(region, size=size, mode='bilinear',
                           align_corners=False, antialias=True)
    cy, cx = (size[0] - crop_size) // 2, (size[1] - crop_size) // 2
    return region[..., cy:cy + crop_size, cx:cx + crop_size]
