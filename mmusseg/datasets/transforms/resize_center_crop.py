"""Resize the shorter side and center-crop: the community's eval protocol."""
from typing import Optional

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS
from PIL import Image

PILLOW_MODES = dict(nearest=Image.NEAREST, bilinear=Image.BILINEAR,
                    bicubic=Image.BICUBIC)


@TRANSFORMS.register_module()
class ResizeCenterCrop(BaseTransform):
    """Resize the shorter side to ``scale``, then center-crop a square.

    Unsupervised segmentation is evaluated on a 320 center crop (PiCIE,
    STEGO, COCO-Stuff-27 and Cityscapes-27 protocols): the image is resized
    (bilinear) and the label (nearest) with it, and the metric compares
    predictions with the label *at the crop*. Because mmseg resizes
    predictions back to ``ori_shape``, this transform by default declares the
    crop the new original shape, so predictions and labels line up.

    mhamilton723/STEGO resizes with torchvision on Pillow images
    (``src/utils.py``, ``get_transform``): ``Resize(scale, NEAREST)`` then
    ``CenterCrop``, for images and labels alike. ``interpolation='nearest',
    backend='pillow', torchvision_rounding=True`` reproduces it pixel for
    pixel.

    Required keys: ``img``; optional ``gt_seg_map`` (and other
    ``seg_fields``). Modified keys: ``img``, ``img_shape``, ``ori_shape``
    (when ``set_ori_shape``), the seg fields.

    Args:
        scale (int): Target length of the shorter side.
        crop_size (int, optional): Side of the square crop. Defaults to
            ``scale``.
        set_ori_shape (bool): Make the crop the shape predictions are
            restored to and evaluated at. Defaults to True.
        interpolation (str): Image interpolation. Defaults to 'bilinear'.
        backend (str): ``'cv2'`` or ``'pillow'`` (mmcv's resize backends;
            their nearest neighbours differ: Pillow samples pixel centres
            as torchvision does on Pillow images; it resizes uint8 and
            int32 arrays with Pillow directly). Labels use it too.
            Defaults to 'cv2'.
        torchvision_rounding (bool): Size the longer side as
            torchvision's ``Resize(int)`` (truncated) and place the crop as
            its ``CenterCrop`` (``int(round((H - crop) / 2))``) instead of
            rounding the side and flooring the offset. Defaults to False.
    """

    def __init__(self,
                 scale: int,
                 crop_size: Optional[int] = None,
                 set_ori_shape: bool = True,
                 interpolation: str = 'bilinear',
                 backend: str = 'cv2',
                 torchvision_rounding: bool = False) -> None:
        crop_size = scale if crop_size is None else crop_size
        if scale < 1 or not 1 <= crop_size <= scale:
            raise ValueError(f'ResizeCenterCrop needs 1 <= crop_size <= '
                             f'scale, got scale={scale}, '
                             f'crop_size={crop_size}.')
        if backend not in ('cv2', 'pillow'):
            raise ValueError(f"ResizeCenterCrop.backend must be 'cv2' or "
                             f"'pillow', got {backend!r}.")
        if backend == 'pillow' and interpolation not in PILLOW_MODES:
            raise ValueError(f'ResizeCenterCrop: the pillow backend supports '
                             f'{sorted(PILLOW_MODES)}, got {interpolation!r}.')
        self.scale = scale
        self.crop_size = crop_size
        self.set_ori_shape = set_ori_shape
        self.interpolation = interpolation
        self.backend = backend
        self.torchvision_rounding = torchvision_rounding

    def _resize_and_crop(self, array: np.ndarray, interpolation: str,
                         new_hw: tuple) -> np.ndarray:
        if self.backend == 'pillow':
            resized = np.array(Image.fromarray(array).resize(
                (new_hw[1], new_hw[0]), PILLOW_MODES[interpolation]))
        else:
            resized = mmcv.imresize(
                array, (new_hw[1], new_hw[0]), interpolation=interpolation)
        if self.torchvision_rounding:
            top = int(round((new_hw[0] - self.crop_size) / 2))
            left = int(round((new_hw[1] - self.crop_size) / 2))
        else:
            top = (new_hw[0] - self.crop_size) // 2
            left = (new_hw[1] - self.crop_size) // 2
        return resized[top:top + self.crop_size, left:left + self.crop_size]

    def transform(self, results: dict) -> dict:
        """Resize and crop the image and every seg field."""
        h, w = results['img'].shape[:2]
        if self.torchvision_rounding:
            short, long = sorted((h, w))
            longer = int(self.scale * long / short)
            new_hw = (self.scale, longer) if h <= w else (longer, self.scale)
        else:
            ratio = self.scale / min(h, w)
            new_hw = (round(h * ratio), round(w * ratio))
        new_hw = (max(self.crop_size, new_hw[0]),
                  max(self.crop_size, new_hw[1]))
        results['img'] = self._resize_and_crop(results['img'],
                                               self.interpolation, new_hw)
        for key in results.get('seg_fields', []):
            results[key] = self._resize_and_crop(results[key], 'nearest',
                                                 new_hw)
        results['img_shape'] = results['img'].shape[:2]
        if self.set_ori_shape:
            results['ori_shape'] = results['img'].shape[:2]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(scale={self.scale}, '
                f'crop_size={self.crop_size}, '
                f'set_ori_shape={self.set_ori_shape}, '
                f'interpolation={self.interpolation!r}, '
                f'backend={self.backend!r}, '
                f'torchvision_rounding={self.torchvision_rounding})')
