"""STEGO's real configs build their KNN table, train a few steps and
evaluate on tiny fake trees in the real layouts.

The DINO backbone is shrunk to 2 layers of 48-d (same patch size, same
structure) and the CRF runs inline, to keep CPU time small; datasets,
five-crop, KNN pairing, hooks, probes and metrics are the configs' own.
"""
import re

import pytest
from mmengine.config import Config

from helpers.runs import REPO_ROOT, dump_config, run_tool, shrink_config
from mmusseg.testing.fake_trees import (make_fake_cityscapes,
                                        make_fake_coco_stuff,
                                        make_fake_image_folder)

TINY_VIT = dict(embed_dims=48, num_layers=2, num_heads=2,
                feedforward_channels=96)
CASES = [
    ('configs/stego/stego_vit-s8_coco27.py', 'coco'),
    ('configs/stego/stego_vit-b8_cityscapes27.py', 'cityscapes'),
]


def shrink(cfg, tmp_path, data_root):
    shrink_config(cfg, str(tmp_path / 'work'), data_root=str(data_root))
    cfg.model.backbone.update(arch=TINY_VIT, init_cfg=None)
    cfg.model.head.in_channels = TINY_VIT['embed_dims']
    if cfg.model.test_cfg.get('crf'):
        cfg.model.test_cfg.crf.num_workers = 0
    cfg.custom_hooks[0].update(k=4, cache_dir=str(tmp_path / 'knn'))
    cfg.train_cfg.update(max_iters=2, val_interval=2)
    cfg.default_hooks.checkpoint.interval = 2
    cfg.default_hooks.logger.interval = 1
    cfg.train_dataloader.dataset.num_neighbours = 2


@pytest.mark.parametrize('config,tree', CASES,
                         ids=[c[0].split('/')[-1] for c in CASES])
def test_stego_config_runs_on_fake_tree(config, tree, tmp_path):
    root = (make_fake_coco_stuff(tmp_path / 'coco') if tree == 'coco' else
            make_fake_cityscapes(tmp_path / 'cityscapes'))
    cfg = Config.fromfile(str(REPO_ROOT / config))
    shrink(cfg, tmp_path, root)
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'cfg.py'))])
    # 3 curated COCO train images / 2 Cityscapes train images, x5 crops
    crops = 15 if tree == 'coco' else 10
    assert f'KNNHook: features of {crops} images' in out
    assert re.search(r'loss_knn: -?[\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)
    assert re.search(r'linear_probe/mIoU: [\d.]+', out)


def test_imagefolder_config_trains_on_unlabelled_images(tmp_path):
    folder = make_fake_image_folder(tmp_path / 'mine', num=3,
                                    with_labels=False, size=(60, 80))
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/stego/stego_vit-s8_imagefolder.py'))
    shrink(cfg, tmp_path, folder)
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'cfg.py'))])
    assert 'KNNHook: features of 15 images' in out
    assert re.search(r'loss_cluster_probe: -?[\d.]+', out)
    assert 'loss_linear_probe' not in out
    assert (tmp_path / 'work' / 'iter_2.pth').exists()


PAPER_CONFIGS = ['configs/stego/stego_vit-s8_coco27.py',
                 'configs/stego/stego_vit-b8_coco27.py',
                 'configs/stego/stego_vit-b8_cityscapes27.py']


@pytest.mark.parametrize('config', PAPER_CONFIGS)
def test_paper_configs_select_the_reference_behaviour(config):
    """Every option that differs from mhamilton723/STEGO is set to the
    reference's in the configs named after the paper."""
    cfg = Config.fromfile(str(REPO_ROOT / config))
    model = cfg.model
    assert model.backbone.dino_pos_embed_interpolation
    assert model.head.shared_dropout_mask is False
    assert model.loss.self_term_same_points
    assert model.loss.rand_partners == 'shifted_randperm'
    assert model.loss_feature_dropout == model.knn_feature_dropout == 0.1
    assert model.test_cfg.upsample_code and model.test_cfg.linear_crf
    assert model.test_cfg.crf_image == 'bgr_truncated'
    assert model.test_cfg.flip and model.test_cfg.crf.type == 'DenseCRF'
    stego_resize = dict(type='ResizeCenterCrop', interpolation='nearest',
                        backend='pillow', torchvision_rounding=True)
    train = cfg.train_dataloader.dataset.dataset.dataset.pipeline
    assert dict(type='FiveCrop', square=False, jpeg_quality=75) in train
    assert dict(stego_resize, scale=224) in train
    assert dict(stego_resize, scale=320) in cfg.val_dataloader.dataset.pipeline
    assert cfg.test_dataloader == cfg.val_dataloader
    # the last checkpoint, evaluated once: no selection by labels
    assert cfg.train_cfg.val_interval == cfg.train_cfg.max_iters == 5000
    assert 'save_best' not in cfg.default_hooks.checkpoint
    assert [m['type'] for m in cfg.val_evaluator] == [
        'HungarianIoUMetric', 'LinearProbeIoUMetric']
    assert cfg.log_processor.by_epoch is False


def test_label_selection_and_fixed_variants_change_only_their_options():
    base = Config.fromfile(
        str(REPO_ROOT / 'configs/stego/stego_vit-b8_coco27.py'))
    select = Config.fromfile(str(REPO_ROOT / 'configs/stego' /
                                 'stego_vit-b8_coco27_val-label-selection.py'))
    assert select.default_hooks.checkpoint.save_best == 'mIoU'
    assert select.train_cfg.val_interval == 100
    assert select.model.test_cfg.crf is None
    assert not select.model.test_cfg.flip
    fixed = Config.fromfile(
        str(REPO_ROOT / 'configs/stego/stego-fixed_vit-b8_coco27.py'))
    assert fixed.model.loss.rand_partners == 'derangement'
    pipeline = fixed.train_dataloader.dataset.dataset.dataset.pipeline
    assert dict(type='FiveCrop', square=False, jpeg_quality=None) in pipeline
    assert dict(type='ResizeCenterCrop', scale=224) in pipeline
    for cfg in (select, fixed):
        assert cfg.model.backbone == base.model.backbone
        assert cfg.model.head == base.model.head
