"""MaskFolderTestLoop scores masks on disk (PASS's validation
pseudo-labels) with the test evaluator, never calling the model."""
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.runner import Runner

from mmusseg.datasets.imagenet_s import (imagenet_s_mask_path,
                                         write_imagenet_s_mask)
from mmusseg.datasets.transforms import LoadImageNetSAnnotations
from mmusseg.testing.fake_trees import make_fake_imagenet_s

CONFIG = 'configs/pass/pass-finetune_r18_imagenets50.py'


@pytest.fixture(scope='module')
def tree(tmp_path_factory):
    return make_fake_imagenet_s(
        tmp_path_factory.mktemp('imagenet_s'), subset=50, per_class=1,
        sizes=((24, 32), (20, 20)))


def _gt_masks(tree):
    """(validation image path, ground-truth ids) of every image."""
    loader = LoadImageNetSAnnotations()
    seg = tree / 'ImageNetS50' / 'validation-segmentation'
    for mask in sorted(seg.rglob('*.png')):
        img = tree / 'ImageNetS50' / 'validation' / mask.parent.name / (
            mask.stem + '.JPEG')
        yield img, loader(dict(seg_map_path=str(mask)))['gt_seg_map']


def _score(tree, mask_dir, work_dir, name):
    cfg = Config.fromfile(CONFIG)
    cfg.test_dataloader.dataset.data_root = str(tree)
    cfg.test_dataloader.num_workers = 0
    cfg.test_dataloader.persistent_workers = False
    cfg.test_evaluator.save_matching = None
    cfg.test_cfg = dict(type='MaskFolderTestLoop', mask_dir=str(mask_dir))
    cfg.model.backbone.init_cfg = None
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = name
    cfg.visualizer.name = f'visualizer_{name}'
    return Runner.from_cfg(cfg).test()


def test_scores_stored_masks_after_matching(tree, tmp_path):
    # the ground truth with every class renamed (k -> k + 1 mod 50): a
    # perfect prediction once matched; the untrained model would score ~0
    renamed = tmp_path / 'renamed'
    background = tmp_path / 'background'
    fg = total = 0
    for img, gt in _gt_masks(tree):
        valid = gt != 1000
        pred = np.where(gt > 0, gt % 50 + 1, 0) * valid
        write_imagenet_s_mask(imagenet_s_mask_path(renamed, img), pred)
        write_imagenet_s_mask(imagenet_s_mask_path(background, img),
                              np.zeros_like(gt))
        fg += int(((gt > 0) & valid).sum())
        total += int(valid.sum())
    assert _score(tree, renamed, tmp_path / 'w1', 'renamed')['mIoU'] == (
        pytest.approx(100.0))
    # all background: only the background class scores, IoU = its share
    metrics = _score(tree, background, tmp_path / 'w2', 'background')
    assert metrics['mIoU'] == pytest.approx(100 * (1 - fg / total) / 51,
                                            abs=1e-3)


def test_a_missing_mask_is_named(tree, tmp_path):
    img, gt = next(_gt_masks(tree))
    write_imagenet_s_mask(imagenet_s_mask_path(tmp_path / 'one', img), gt)
    with pytest.raises(FileNotFoundError, match='No predicted mask'):
        _score(tree, tmp_path / 'one', tmp_path / 'w', 'missing')
