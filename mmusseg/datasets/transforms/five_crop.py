"""One of the five crops (4 corners + centre) of an image, chosen upstream."""
from typing import List, Tuple

from mmcv.transforms import BaseTransform
from mmseg.registry import TRANSFORMS

CROP_NAMES = ('top_left', 'top_right', 'bottom_left', 'bottom_right',
              'center')


def five_crop_boxes(height: int, width: int,
                    ratio: float) -> List[Tuple[int, int, int]]:
    """(top, left, side) of the five square crops, torchvision's order."""
    side = int(min(height, width) * ratio)
    if side < 1:
        raise ValueError(f'Five-crop ratio {ratio} of a {height}x{width} '
                         f'image leaves no pixel.')
    bottom, right = height - side, width - side
    return [(0, 0, side), (0, right, side), (bottom, 0, side),
            (bottom, right, side), (bottom // 2, right // 2, side)]


@TRANSFORMS.register_module()
class FiveCrop(BaseTransform):
    """Crop ``img`` (and ``gt_seg_map``) to the crop that
    :class:`mmusseg.datasets.FiveCropDataset` selected in
    ``results['five_crop']`` (``index`` 0-4, ``ratio``): square crops of
    side ``ratio x min(H, W)`` at the four corners and the centre.

    Place it right after the loading transforms. Modified keys: ``img``,
    ``img_shape``, ``gt_seg_map``; added: ``five_crop_box``.
    """

    def transform(self, results: dict) -> dict:
        """Cut the selected crop."""
        if 'five_crop' not in results:
            raise KeyError('FiveCrop needs results["five_crop"]: wrap the '
                           'dataset in FiveCropDataset.')
        choice = results['five_crop']
        height, width = results['img'].shape[:2]
        top, left, side = five_crop_boxes(height, width,
                                          choice['ratio'])[choice['index']]
        results['img'] = results['img'][top:top + side, left:left + side]
        if 'gt_seg_map' in results:
            results['gt_seg_map'] = results['gt_seg_map'][top:top + side,
                                                          left:left + side]
        results['img_shape'] = results['img'].shape[:2]
        results['five_crop_box'] = (top, left, side)
        return results
