"""ImageNet-S transforms: RGB-coded masks and the large-image rule."""
from typing import Optional

import cv2
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS

from .loading import read_unchanged


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
        raw = read_unchanged(path, self.backend_args)
        if raw is None or raw.ndim != 3 or raw.shape[2] < 3:
            raise ValueError(f'{path} is not an RGB ImageNet-S mask '
                             f'(class id = R + 256 G).')
        # OpenCV decodes BGR(A)
        ids = raw[..., 2].astype(np.int64) + 256 * raw[..., 1].astype(
            np.int64)
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
class ResizeLongerIfLarge(BaseTransform):
    """The ImageNet-S rule for large images: an image with more than
    ``max_pixels`` pixels is resized so that its longer side is
    ``longer_side`` (the prediction is upsampled back to ``ori_shape`` by
    the segmentor, and the mask is never resized). Smaller images pass.

    Args:
        max_pixels (int): Pixel count above which to resize.
            Defaults to 1000 * 1000.
        longer_side (int): Longer side after resizing. Defaults to 1000.
    """

    def __init__(self, max_pixels: int = 1000 * 1000,
                 longer_side: int = 1000) -> None:
        self.max_pixels = max_pixels
        self.longer_side = longer_side

    def transform(self, results: dict) -> dict:
        """Resize ``results['img']`` if it is large."""
        img = results['img']
        height, width = img.shape[:2]
        if height * width <= self.max_pixels:
            return results
        scale = self.longer_side / max(height, width)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        results['img'] = cv2.resize(img, size, interpolation=cv2.INTER_LINEAR)
        results['img_shape'] = results['img'].shape[:2]
        results['scale_factor'] = (size[0] / width, size[1] / height)
        return results
