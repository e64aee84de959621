"""FiveCropDataset: five on-the-fly crops per image, labels cropped alike."""
import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmusseg  # noqa: F401
from mmusseg.datasets.transforms.five_crop import five_crop_boxes
from mmusseg.testing.fake_trees import make_fake_image_folder

PIPELINE = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='FiveCrop', jpeg_quality=None),
    dict(type='PackSegInputs', meta_keys=('img_path', 'sample_idx')),
]


def build(root, pipeline=PIPELINE, ratio=0.5):
    init_default_scope('mmseg')
    return DATASETS.build(dict(
        type='FiveCropDataset', crop_ratio=ratio,
        dataset=dict(type='ImageFolderDataset', data_root=str(root),
                     img_dir='images', ann_dir='labels',
                     classes=['a', 'b', 'c'], pipeline=pipeline)))


def test_five_crops_per_image_from_the_original_pixels(tmp_path):
    root = make_fake_image_folder(tmp_path / 'folder', num=2, size=(40, 60))
    ds = build(root)
    assert len(ds) == 10
    # STEGO's crops: half the height by half the width
    assert five_crop_boxes(40, 60, 0.5) == [(0, 0, 20, 30), (0, 30, 20, 30),
                                            (20, 0, 20, 30),
                                            (20, 30, 20, 30),
                                            (10, 15, 20, 30)]
    # squares: half the shorter side; centre offset rounded half to even
    assert five_crop_boxes(40, 60, 0.5, square=True) == [
        (0, 0, 20, 20), (0, 40, 20, 20), (20, 0, 20, 20), (20, 40, 20, 20),
        (10, 20, 20, 20)]
    assert five_crop_boxes(41, 63, 0.5)[4] == (10, 16, 20, 31)
    for idx in range(10):
        item = ds[idx]
        sample = item['data_samples']
        assert sample.sample_idx == idx
        image = cv2.imread(sample.img_path)
        top, left, height, width = five_crop_boxes(40, 60, 0.5)[idx % 5]
        assert np.array_equal(item['inputs'].permute(1, 2, 0).numpy(),
                              image[top:top + height, left:left + width])
        assert sample.gt_sem_seg.data.shape[-2:] == (20, 30)
    assert ds[0]['data_samples'].img_path == ds[4]['data_samples'].img_path
    assert ds[5]['data_samples'].img_path != ds[4]['data_samples'].img_path


def test_misconfigurations_are_explained(tmp_path):
    root = make_fake_image_folder(tmp_path / 'folder', num=1)
    with pytest.raises(ValueError, match='FiveCrop transform'):
        build(root, pipeline=PIPELINE[:2] + PIPELINE[3:])
    with pytest.raises(ValueError, match='crop_ratio'):
        build(root, ratio=0)
    init_default_scope('mmseg')
    plain = DATASETS.build(dict(
        type='ImageFolderDataset', data_root=str(root), img_dir='images',
        pipeline=[dict(type='LoadAnyImageFromFile'), dict(type='FiveCrop')]))
    with pytest.raises(KeyError, match='FiveCropDataset'):
        plain[0]
