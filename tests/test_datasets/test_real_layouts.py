"""COCO-Stuff-27, Cityscapes-27 and image folders on fake trees."""
import collections

import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmusseg  # noqa: F401
from mmusseg.datasets.coco_stuff_classes import COARSE_CLASSES, FINE_TO_COARSE
from mmusseg.testing.fake_trees import (make_fake_cityscapes,
                                        make_fake_coco_stuff,
                                        make_fake_image_folder)

PIPELINE = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='PackSegInputs')
]


def build(**cfg):
    init_default_scope('mmseg')
    return DATASETS.build(dict(pipeline=PIPELINE, **cfg))


def test_coco_fine_to_coarse_follows_supercategory_sizes():
    sizes = collections.Counter(
        COARSE_CLASSES[c] for c in FINE_TO_COARSE.values())
    assert len(FINE_TO_COARSE) == 182
    assert sizes['person'] == 1 and sizes['vehicle'] == 8
    assert sizes['animal'] == 10 and sizes['wall'] == 7
    assert sizes['ground'] == 11 and sizes['sky'] == 2
    assert all(FINE_TO_COARSE[i] < 12 for i in range(91))
    assert all(FINE_TO_COARSE[i] >= 12 for i in range(91, 182))


def test_coco_maps_labels_and_honours_curated_list(tmp_path):
    root = make_fake_coco_stuff(tmp_path / 'coco', num_val=3)
    full = build(type='COCOStuff27Dataset', data_root=str(root),
                 split='val2017')
    curated = build(type='COCOStuff27Dataset', data_root=str(root),
                    split='val2017',
                    curated_list='curated/val2017/'
                    'Coco164kFull_Stuff_Coarse_7.txt')
    assert len(full) == 3 and len(curated) == 2
    sample = curated[0]
    raw = cv2.imread(sample['data_samples'].seg_map_path,
                     cv2.IMREAD_UNCHANGED)
    gt = sample['data_samples'].gt_sem_seg.data[0].numpy()
    expected = np.array([FINE_TO_COARSE.get(v, 255) for v in raw.ravel()])
    assert (gt.ravel() == expected).all()
    assert curated.metainfo['thing_classes'] == COARSE_CLASSES[:12]


def test_coco_errors_point_to_docs_and_files(tmp_path):
    with pytest.raises(FileNotFoundError, match='dataset_prepare.md'):
        build(type='COCOStuff27Dataset', data_root=str(tmp_path / 'nope'))
    root = make_fake_coco_stuff(tmp_path / 'coco')
    (root / 'annotations/train2017/000000000001.png').unlink()
    with pytest.raises(FileNotFoundError, match='000000000001'):
        build(type='COCOStuff27Dataset', data_root=str(root))
    assert len(build(type='COCOStuff27Dataset', data_root=str(root),
                     with_labels=False)) == 4
    (root / 'images/val2017/000000000000.jpg').unlink()
    with pytest.raises(FileNotFoundError, match='Coco164kFull_Stuff_Coarse_7'):
        build(type='COCOStuff27Dataset', data_root=str(root),
              split='val2017',
              curated_list='curated/val2017/Coco164kFull_Stuff_Coarse_7.txt')


def test_cityscapes_maps_7_to_33_and_ignores_the_rest(tmp_path):
    root = make_fake_cityscapes(tmp_path / 'cs')
    ds = build(type='Cityscapes27Dataset', data_root=str(root), split='val')
    assert len(ds) == 2
    sample = ds[0]
    raw = cv2.imread(sample['data_samples'].seg_map_path,
                     cv2.IMREAD_UNCHANGED).astype(int)
    gt = sample['data_samples'].gt_sem_seg.data[0].numpy().astype(int)
    expected = np.where((raw >= 7) & (raw <= 33), raw - 7, 255)
    assert (gt == expected).all()
    unlabeled = build(type='Cityscapes27Dataset', data_root=str(root),
                      split='train_extra', with_labels=False)
    assert 'gt_sem_seg' not in unlabeled[0]['data_samples']
    with pytest.raises(ValueError, match='with_labels=False'):
        build(type='Cityscapes27Dataset', data_root=str(root), split='test')


def test_cityscapes_unknown_label_id_names_file(tmp_path):
    root = make_fake_cityscapes(tmp_path / 'cs', splits=('val', ))
    label = sorted((root / 'gtFine/val').rglob('*.png'))[0]
    cv2.imwrite(str(label), np.full((48, 96), 40, np.uint8))
    ds = build(type='Cityscapes27Dataset', data_root=str(root), split='val')
    with pytest.raises(ValueError, match=rf'{label.name} contains ids \[40\]'):
        ds[0]


def test_image_folder_with_and_without_labels(tmp_path):
    root = make_fake_image_folder(tmp_path / 'f', num_classes=3)
    labelled = build(type='ImageFolderDataset', data_root=str(root),
                     img_dir='images', ann_dir='labels',
                     classes=['a', 'b', 'c'])
    assert len(labelled) == 4 and labelled.metainfo['classes'] == (
        'a', 'b', 'c')
    assert set(labelled[0]['data_samples'].gt_sem_seg.data.unique().tolist()
               ) <= {0, 1, 2, 255}
    (tmp_path / 'classes.txt').write_text('a\nb\nc\n')
    from_file = build(type='ImageFolderDataset', data_root=str(root),
                      img_dir='images', ann_dir='labels',
                      classes=str(tmp_path / 'classes.txt'))
    assert from_file.metainfo['classes'] == ('a', 'b', 'c')
    unlabelled = build(type='ImageFolderDataset', data_root=str(root),
                       img_dir='images')
    assert len(unlabelled) == 4
    with pytest.raises(ValueError, match='needs `classes`'):
        build(type='ImageFolderDataset', data_root=str(root),
              img_dir='images', ann_dir='labels')
    (tmp_path / 'empty').mkdir()
    with pytest.raises(FileNotFoundError, match='No images.*dataset_prepare'):
        build(type='ImageFolderDataset', data_root=str(tmp_path / 'empty'))
