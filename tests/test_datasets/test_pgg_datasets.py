"""PGG's datasets: the pyramid crops as samples, and COCO-Stuff-27's
things / stuff partitions (the paper's Table 2)."""
import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from mmusseg.datasets import (COCOStuff27Dataset, COCOStuff27PartitionDataset,
                              PyramidCropDataset)
from mmusseg.testing.fake_trees import make_fake_coco_stuff

QUADRANTS = ((10, 20), (30, 40))  # top-left, top-right / bottom-left, -right


class _QuadrantImages:
    """Two 8x8 images whose quadrants are constant (pixel values above,
    plus 100 for the second image; labels 0-3), as PackSegInputs packs
    them."""

    metainfo = dict(classes=('a', 'b', 'c', 'd'))
    initialised = False

    def __len__(self):
        return 2

    def full_init(self):
        self.initialised = True

    def get_data_info(self, idx):
        return dict(img_path=f'image{idx}.png', sample_idx=idx)

    def __getitem__(self, idx):
        img = torch.zeros(3, 8, 8, dtype=torch.uint8)
        gt = torch.zeros(1, 8, 8, dtype=torch.int64)
        for r, row in enumerate(QUADRANTS):
            for c, value in enumerate(row):
                img[:, 4 * r:4 * r + 4, 4 * c:4 * c + 4] = value + 100 * idx
                gt[:, 4 * r:4 * r + 4, 4 * c:4 * c + 4] = 2 * r + c
        sample = SegDataSample(metainfo=dict(sample_idx=idx))
        sample.gt_sem_seg = PixelData(data=gt)
        return dict(inputs=img, data_samples=sample)


def test_pyramid_crops_are_samples_of_their_own():
    dataset = PyramidCropDataset(_QuadrantImages(), crop_ratio=0.5)
    assert len(dataset) == 12 and dataset.num_views == 6
    for image in range(2):
        whole = dataset[6 * image]
        assert torch.equal(whole['inputs'], _QuadrantImages()[image]['inputs'])
        # the corner crops are one quadrant each, resized to 8x8
        for view, (r, c) in enumerate(((0, 0), (0, 1), (1, 0), (1, 1)),
                                      start=1):
            idx = 6 * image + view
            data = dataset[idx]
            assert data['inputs'].shape == (3, 8, 8)
            assert data['inputs'].dtype == torch.uint8
            assert (data['inputs'] == QUADRANTS[r][c] + 100 * image).all()
            assert (data['data_samples'].gt_sem_seg.data == 2 * r + c).all()
            assert data['data_samples'].sample_idx == idx
            assert dataset.get_data_info(idx)['sample_idx'] == idx
            assert dataset.get_data_info(idx)['img_path'] == (
                f'image{image}.png')
        # the center crop holds the four quadrants, a 4x4 block each
        center = dataset[6 * image + 5]
        gt = center['data_samples'].gt_sem_seg.data[0]
        assert (gt[:4, :4] == 0).all() and (gt[4:, 4:] == 3).all()
        assert center['inputs'][0, 0, 0] == 10 + 100 * image
        assert center['inputs'][0, 7, 7] == 40 + 100 * image
        assert center['data_samples'].pyramid_box == (0.25, 0.25, 0.5, 0.5)
    with pytest.raises(IndexError):
        dataset[12]
    whole_only = PyramidCropDataset(_QuadrantImages(), with_crops=False)
    assert len(whole_only) == 2 and whole_only.num_views == 1
    assert torch.equal(whole_only[1]['inputs'],
                       _QuadrantImages()[1]['inputs'])


def test_pyramid_crops_can_be_repeated():
    from mmengine.dataset import RepeatDataset
    init_default_scope('mmseg')
    images = _QuadrantImages()
    # what tools/analysis_tools/benchmark_train.py --repeat builds
    repeated = RepeatDataset(
        dict(type='PyramidCropDataset', dataset=images), times=2)
    assert images.initialised
    assert len(repeated) == 24
    assert torch.equal(repeated[13]['inputs'],
                       PyramidCropDataset(images)[1]['inputs'])


@pytest.mark.parametrize('partition', ['things', 'stuff'])
def test_coco_partitions_keep_one_partition(partition, tmp_path):
    """Against the 27-class labels: things keep 0-11 and ignore 12-26;
    stuff maps 12-26 to 0-14 and ignores 0-11 (PiCIE's Thing-12 and
    Stuff-15)."""
    init_default_scope('mmseg')
    root = make_fake_coco_stuff(tmp_path / 'coco')
    pipeline = [dict(type='LoadAnyImageFromFile'),
                dict(type='LoadMappedAnnotations'),
                dict(type='PackSegInputs')]
    kwargs = dict(data_root=str(root), split='val2017', pipeline=pipeline)
    full = COCOStuff27Dataset(**kwargs)
    part = COCOStuff27PartitionDataset(partition=partition, **kwargs)
    assert len(part) == len(full)
    assert len(part.metainfo['classes']) == (12 if partition == 'things'
                                             else 15)
    assert part.metainfo['thing_classes'] is None
    for i in range(len(full)):
        y27 = full[i]['data_samples'].gt_sem_seg.data.numpy()
        y = part[i]['data_samples'].gt_sem_seg.data.numpy()
        labelled = y27 != 255
        things = labelled & (y27 < 12)
        stuff = labelled & (y27 >= 12)
        assert things.any() and stuff.any()
        if partition == 'things':
            np.testing.assert_array_equal(y[things], y27[things])
            assert (y[~things] == 255).all()
        else:
            np.testing.assert_array_equal(y[stuff], y27[stuff] - 12)
            assert (y[~stuff] == 255).all()
    with pytest.raises(ValueError, match='partition'):
        COCOStuff27PartitionDataset(partition='objects', **kwargs)
