"""One of the five crops (4 corners + centre) of an image, chosen upstream."""
import io
from typing import List, Optional, Tuple

import numpy as np
from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS
from PIL import Image

CROP_NAMES = ('top_left', 'top_right', 'bottom_left', 'bottom_right',
              'center')


def five_crop_boxes(height: int,
                    width: int,
                    ratio: float,
                    square: bool = False) -> List[Tuple[int, int, int, int]]:
    """(top, left, crop height, crop width) of the five crops.

    Torchvision's order and placement (``five_crop``: corners, then the
    centre at ``int(round((H - h) / 2))``, Python's round). With
    ``square=False`` the crop is ``int(H * ratio) x int(W * ratio)``, as
    mhamilton723/STEGO's ``src/crop_datasets.py``; with ``square=True`` it
    is a square of side ``int(min(H, W) * ratio)``.
    """
    if square:
        crop_h = crop_w = int(min(height, width) * ratio)
    else:
        crop_h, crop_w = int(height * ratio), int(width * ratio)
    if min(crop_h, crop_w) < 1:
        raise ValueError(f'Five-crop ratio {ratio} of a {height}x{width} '
                         f'image leaves no pixel.')
    bottom, right = height - crop_h, width - crop_w
    centre = (int(round(bottom / 2)), int(round(right / 2)))
    return [(0, 0, crop_h, crop_w), (0, right, crop_h, crop_w),
            (bottom, 0, crop_h, crop_w), (bottom, right, crop_h, crop_w),
            centre + (crop_h, crop_w)]


def jpeg_round_trip(bgr: np.ndarray, quality: int) -> np.ndarray:
    """Encode an (H, W, 3) uint8 BGR image as a Pillow JPEG and decode it."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(bgr[..., ::-1])).save(
        buffer, 'JPEG', quality=quality)
    buffer.seek(0)
    return np.ascontiguousarray(
        np.array(Image.open(buffer).convert('RGB'))[..., ::-1])


@TRANSFORMS.register_module()
class FiveCrop(BaseTransform):
    """Crop ``img`` (and ``gt_seg_map``) to the crop that
    :class:`mmusseg.datasets.FiveCropDataset` selected in
    ``results['five_crop']`` (``index`` 0-4, ``ratio``): see
    :func:`five_crop_boxes`.

    mhamilton723/STEGO (``src/crop_datasets.py``) writes its crops to disk
    before training: images as Pillow JPEGs (default quality 75), labels as
    PNGs. ``jpeg_quality`` repeats the image's lossy round trip here; labels
    are cropped exactly.

    Place it right after the loading transforms. Modified keys: ``img``,
    ``img_shape``, ``gt_seg_map``; added: ``five_crop_box`` (top, left,
    height, width).

    Args:
        square (bool): Square crops of side ``ratio x min(H, W)`` instead of
            STEGO's ``ratio x H`` by ``ratio x W``. Defaults to False.
        jpeg_quality (int, optional): Re-encode the image crop as a JPEG of
            this quality, as STEGO's cropped dataset does (75), or keep the
            pixels (None). Defaults to 75.
    """

    def __init__(self, square: bool = False,
                 jpeg_quality: Optional[int] = 75) -> None:
        if jpeg_quality is not None and not 1 <= jpeg_quality <= 95:
            raise ValueError(f'FiveCrop.jpeg_quality must be None or in '
                             f'[1, 95], got {jpeg_quality}.')
        self.square = square
        self.jpeg_quality = jpeg_quality

    def transform(self, results: dict) -> dict:
        """Cut the selected crop."""
        if 'five_crop' not in results:
            raise KeyError('FiveCrop needs results["five_crop"]: wrap the '
                           'dataset in FiveCropDataset.')
        choice = results['five_crop']
        height, width = results['img'].shape[:2]
        box = five_crop_boxes(height, width, choice['ratio'],
                              self.square)[choice['index']]
        top, left, crop_h, crop_w = box
        window = (slice(top, top + crop_h), slice(left, left + crop_w))
        results['img'] = results['img'][window]
        if self.jpeg_quality is not None:
            results['img'] = jpeg_round_trip(results['img'],
                                             self.jpeg_quality)
        if 'gt_seg_map' in results:
            results['gt_seg_map'] = results['gt_seg_map'][window]
        results['img_shape'] = results['img'].shape[:2]
        results['five_crop_box'] = box
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(square={self.square}, '
                f'jpeg_quality={self.jpeg_quality})')
