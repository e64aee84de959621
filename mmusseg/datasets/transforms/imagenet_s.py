"""ImageNet-S transforms: RGB-coded masks and PASS's inference resize."""
from typing import Optional

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS

from .loading import read_unchanged


def load_imagenet_s_mask(path: str,
                         backend_args: Optional[dict] = None) -> np.ndarray:
    """Read an ImageNet-S mask as (H, W) int64 class ids (R + 256 G)."""
    raw = read_unchanged(path, backend_args)
    if raw is None or raw.ndim != 3 or raw.shape[2] < 3:
        raise ValueError(f'{path} is not an RGB ImageNet-S mask '
                         f'(class id = R + 256 G).')
    # OpenCV decodes BGR(A)
    return raw[..., 2].astype(np.int64) + 256 * raw[..., 1].astype(np.int64)


@TRANSFORMS.register_module()
class LoadImageNetSAnnotations(BaseTransform):
    """Load an ImageNet-S mask: class id = R + 256 G (0 background,
    1000 ignore), kept as int64 since ids exceed 255.

    Added keys: ``gt_seg_map`` (int64), ``seg_fields``. Samples without
    ``seg_map_path`` pass through.

    Args:
        num_classes (int, optional): Ids above it (other than 1000) raise
            an error naming the file. Defaults to None (no check).
        backend_args (dict, optional): mmengine file backend arguments.
    """

    def __init__(self, num_classes: Optional[int] = None,
                 backend_args: Optional[dict] = None) -> None:
        self.num_classes = num_classes
        self.backend_args = backend_args

    def transform(self, results: dict) -> dict:
        """Decode ``results['seg_map_path']``."""
        path = results.get('seg_map_path')
        if path is None:
            return results
        ids = load_imagenet_s_mask(path, self.backend_args)
        if self.num_classes is not None:
            bad = (ids > self.num_classes) & (ids != 1000)
            if bad.any():
                raise ValueError(
                    f'{path} holds class ids {np.unique(ids[bad])[:10]} '
                    f'above {self.num_classes}: a mask of another subset?')
        results['gt_seg_map'] = ids
        results.setdefault('seg_fields', []).append('gt_seg_map')
        return results


@TRANSFORMS.register_module()
class ResizeShorterSide(BaseTransform):
    """Resize so that the shorter side is ``size`` and the longer one
    ``int(size * longer / shorter)`` (truncated), with Pillow's bilinear
    filter: torchvision's ``Resize(size)`` on a PIL image, which PASS's
    ``inference.py`` (LUSSeg/PASS) applies before its network. mmcv's
    ``Resize`` rounds the longer side and filters without antialiasing.

    Modified keys: ``img``, ``img_shape``, ``scale_factor``.

    Args:
        size (int): Shorter side after resizing. Defaults to 256.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size

    def transform(self, results: dict) -> dict:
        """Resize ``results['img']``."""
        img = results['img']
        height, width = img.shape[:2]
        if height <= width:
            new_h, new_w = self.size, int(self.size * width / height)
        else:
            new_h, new_w = int(self.size * height / width), self.size
        results['img'] = mmcv.imresize(img, (new_w, new_h),
                                       interpolation='bilinear',
                                       backend='pillow')
        results['img_shape'] = (new_h, new_w)
        results['scale_factor'] = (new_w / width, new_h / height)
        return results
