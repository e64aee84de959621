"""PASS's crops: the shared grid points the same image pixels in both
crops, and image and pseudo-label are cropped together."""
import numpy as np
import torch
import torch.nn.functional as F

from mmusseg.datasets.transforms import (MultiCropWithGrid,
                                         RandomResizedCropWithSeg)
from mmusseg.datasets.transforms.multi_crop_grid import overlap_grids


def _coordinate_image(size=256):
    """uint8 image whose channels 0 and 1 are x and y."""
    ramp = np.arange(size, dtype=np.uint8)
    img = np.zeros((size, size, 3), dtype=np.uint8)
    img[..., 0] = ramp[None, :]
    img[..., 1] = ramp[:, None]
    return img


def test_grid_points_to_the_same_image_pixels():
    np.random.seed(0)
    transform = MultiCropWithGrid(
        num_crops=(2, 1), crop_sizes=(96, 32),
        scales=((0.3, 1.0), (0.05, 0.1)), grid_size=7)
    checked = 0
    for _ in range(20):
        out = transform(dict(img=_coordinate_image()))
        assert [c.shape[:2] for c in out['img']] == [(96, 96), (96, 96),
                                                     (32, 32)]
        grid = torch.from_numpy(out['grid'])
        if (grid == -2).all():
            continue
        sampled = [
            F.grid_sample(
                torch.from_numpy(out['img'][i].copy()).permute(
                    2, 0, 1)[None].float(),
                grid[i][None], mode='bilinear', align_corners=False)[0]
            for i in range(2)
        ]
        # interior points (crop borders are resampling-blurred)
        diff = (sampled[0] - sampled[1])[:2, 1:-1, 1:-1].abs()
        assert diff.max() < 4, diff.max()
        # the grid spans a real area of the image
        assert sampled[0][0].max() - sampled[0][0].min() > 5
        checked += 1
    assert checked >= 10


def test_no_overlap_gives_an_outside_grid():
    grids = overlap_grids((0, 0, 10, 10), (20, 20, 10, 10), False, False, 7)
    assert grids.shape == (2, 7, 7, 2) and (grids == -2).all()


def test_flip_mirrors_x_only():
    plain = overlap_grids((0, 0, 10, 10), (0, 5, 10, 10), False, False, 3)
    flipped = overlap_grids((0, 0, 10, 10), (0, 5, 10, 10), True, False, 3)
    assert np.allclose(flipped[0, ..., 0], -plain[0, ..., 0])
    assert np.allclose(flipped[0, ..., 1], plain[0, ..., 1])
    assert np.allclose(flipped[1], plain[1])
    # crop q spans x in [5, 10] of its [0, 10]: grid x in [0, 1]
    assert np.allclose(plain[0, 0, :, 0], [0, 0.5, 1])


def test_image_and_label_are_cropped_together():
    np.random.seed(1)
    img = np.zeros((60, 80, 3), dtype=np.uint8)
    seg = np.zeros((60, 80), dtype=np.int64)
    for k, (ys, xs) in enumerate([(slice(0, 30), slice(0, 40)),
                                  (slice(0, 30), slice(40, 80)),
                                  (slice(30, 60), slice(0, 40)),
                                  (slice(30, 60), slice(40, 80))]):
        img[ys, xs, 0] = 255 * (k % 2)
        img[ys, xs, 1] = 255 * (k // 2)
        seg[ys, xs] = k
    transform = RandomResizedCropWithSeg(size=32, scale=(0.2, 1.0))
    for _ in range(10):
        out = transform(
            dict(img=img.copy(), gt_seg_map=seg.copy(),
                 seg_fields=['gt_seg_map']))
        assert out['img'].shape == (32, 32, 3)
        assert out['gt_seg_map'].shape == (32, 32)
        # OpenCV's nearest resize is up to a pixel off its bilinear one (as
        # everywhere in mmseg): each pure image pixel's quadrant must be in
        # the label's 3x3 neighbourhood, and mostly at the pixel itself
        pure = np.isin(out['img'][..., :2], [0, 255]).all(-1)
        coded = (out['img'][..., 0] // 255 + 2 * (out['img'][..., 1] // 255))
        label = np.pad(out['gt_seg_map'], 1, mode='edge')
        near = np.zeros_like(pure)
        for dy in range(3):
            for dx in range(3):
                near |= label[dy:dy + 32, dx:dx + 32] == coded
        assert near[pure].all()
        assert (coded == out['gt_seg_map'])[pure].mean() > 0.9
