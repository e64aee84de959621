import numpy as np
import pytest

from mmusseg.datasets.transforms.resize_center_crop import ResizeCenterCrop


def test_crop_aligns_image_and_label_and_sets_ori_shape():
    img = np.zeros((40, 80, 3), np.uint8)
    label = np.zeros((40, 80), np.uint8)
    label[:, 40:] = 1  # right half
    img[:, 40:] = 200
    results = dict(img=img, gt_seg_map=label, seg_fields=['gt_seg_map'],
                   ori_shape=(40, 80))
    out = ResizeCenterCrop(scale=20)(results)
    assert out['img'].shape == (20, 20, 3)
    assert out['gt_seg_map'].shape == (20, 20)
    assert out['ori_shape'] == (20, 20) and out['img_shape'] == (20, 20)
    # 40x80 -> 20x40 -> center 20 columns [10, 30): left half 0, right half 1
    assert set(np.unique(out['gt_seg_map'][:, :10])) == {0}
    assert set(np.unique(out['gt_seg_map'][:, 10:])) == {1}
    assert out['img'][:, 12:].min() > 150 and out['img'][:, :8].max() < 50


def test_nearest_keeps_label_values_and_bad_args_fail():
    label = np.random.default_rng(0).choice([3, 7, 255], size=(33, 47))
    out = ResizeCenterCrop(scale=64, set_ori_shape=False)(dict(
        img=np.zeros((33, 47, 3), np.uint8), gt_seg_map=label.astype(
            np.uint8), seg_fields=['gt_seg_map'], ori_shape=(33, 47)))
    assert set(np.unique(out['gt_seg_map'])) <= {3, 7, 255}
    assert out['ori_shape'] == (33, 47)
    with pytest.raises(ValueError, match='crop_size'):
        ResizeCenterCrop(scale=10, crop_size=20)
