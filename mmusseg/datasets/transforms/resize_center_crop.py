"""Resize the shorter side and center-crop: the community's eval protocol."""
from typing import Optional

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class ResizeCenterCrop(BaseTransform):
    """Resize the shorter side to ``scale``, then center-crop a square.

    Unsupervised segmentation is evaluated on a 320 center crop (PiCIE,
    STEGO, COCO-Stuff-27 and Cityscapes-27 protocols): the image is resized
    (bilinear) and the label (nearest) with it, and the metric compares
    predictions with the label *at the crop*. Because mmseg resizes
    predictions back to ``ori_shape``, this transform by default declares the
    crop the new original shape, so predictions and labels line up.

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
    """

    def __init__(self,
                 scale: int,
                 crop_size: Optional[int] = None,
                 set_ori_shape: bool = True,
                 interpolation: str = 'bilinear') -> None:
        crop_size = scale if crop_size is None else crop_size
        if scale < 1 or not 1 <= crop_size <= scale:
            raise ValueError(f'ResizeCenterCrop needs 1 <= crop_size <= '
                             f'scale, got scale={scale}, '
                             f'crop_size={crop_size}.')
        self.scale = scale
        self.crop_size = crop_size
        self.set_ori_shape = set_ori_shape
        self.interpolation = interpolation

    def _resize_and_crop(self, array: np.ndarray, interpolation: str,
                         new_hw: tuple) -> np.ndarray:
        resized = mmcv.imresize(
            array, (new_hw[1], new_hw[0]), interpolation=interpolation)
        top = (new_hw[0] - self.crop_size) // 2
        left = (new_hw[1] - self.crop_size) // 2
        return resized[top:top + self.crop_size, left:left + self.crop_size]

    def transform(self, results: dict) -> dict:
        """Resize and crop the image and every seg field."""
        h, w = results['img'].shape[:2]
        ratio = self.scale / min(h, w)
        new_hw = (max(self.crop_size, round(h * ratio)),
                  max(self.crop_size, round(w * ratio)))
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
                f'set_ori_shape={self.set_ori_shape})')
