"""Every CAUSE config trains two steps and evaluates on a tiny fake tree in
its real layout; the synthetic chain runs its three stages from the paths
the configs name.

The ViT is shrunk to one 32-d layer (same patch size), the clusterbook to
32 concepts and the projection to 32-d, to keep CPU time small; datasets,
five-crop, pipelines, heads, stages, probes, CRF and metrics are the
configs' own. Shrunk, the ViT-S/8 and ViT-B/8 configs of a stage and
dataset are the same config (checked below), so one of them runs. Runs are
in-process (``Runner``); yapf's formatting of the config for the logs is
replaced by a plain dump and mmengine's ``gc.collect()`` after building a
dataset is skipped: in a long test process they take most of a run's time.
"""
import copy
import functools
import glob
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import base_dataset
from mmengine.runner import Runner

from helpers.runs import REPO_ROOT, dump_config, run_tool, shrink_config
from mmusseg.testing.fake_trees import (make_fake_cityscapes,
                                        make_fake_coco_stuff,
                                        make_fake_image_folder)

CONFIGS = sorted(
    Path(p).name for p in glob.glob(
        str(REPO_ROOT / 'projects/cause/configs/cause-*.py')))
REAL = [c for c in CONFIGS if c.endswith(('_coco27.py', '_cityscapes27.py'))]
TINY_VIT = dict(embed_dims=32, num_layers=1, num_heads=2,
                feedforward_channels=64)
CONCEPTS = 32


@pytest.fixture(autouse=True)
def fast_runs(monkeypatch):
    monkeypatch.setattr(Config, 'pretty_text',
                        property(lambda self: str(self.to_dict())))
    monkeypatch.setattr(Runner, '_log_env', lambda self, env_cfg: None)
    monkeypatch.setattr(base_dataset.gc, 'collect', lambda: 0)


@functools.lru_cache(maxsize=None)
def _parsed(name: str) -> Config:
    return Config.fromfile(str(REPO_ROOT / 'projects/cause/configs' / name))


def load(name: str) -> Config:
    """A fresh copy of a CAUSE config."""
    return copy.deepcopy(_parsed(name))


def shrink(cfg: Config, work_dir: Path, data_root=None) -> Config:
    """Tiny model, 2 iterations, validation at the end, inline CRF."""
    shrink_config(cfg, str(work_dir), data_root=str(data_root)
                  if data_root else None)
    model = cfg.model
    model.backbone.update(arch=TINY_VIT, init_cfg=None)
    model.num_concepts = CONCEPTS
    if model.type == 'CAUSE':
        model.projection_dim = 32
        model.head.pop('feedforward_channels', None)
        if model.head.type == 'CAUSETRHead':
            model.head.feedforward_channels = 64
        if model.test_cfg.get('crf'):
            model.test_cfg.crf.update(num_workers=0, num_iters=1)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=2,
                         val_interval=2)
    cfg.param_scheduler = []
    cfg.default_hooks.checkpoint.update(by_epoch=False, interval=2)
    cfg.default_hooks.logger.update(interval=1, log_metric_by_epoch=False)
    cfg.log_processor = dict(by_epoch=False)
    cfg.default_hooks.visualization = dict(type='SegVisualizationHook')
    return cfg


def run(cfg: Config) -> Runner:
    # one logger and visualizer (global instances) per run
    cfg.experiment_name = cfg.visualizer.name = str(cfg.work_dir)
    runner = Runner.from_cfg(cfg)
    runner.train()
    return runner


def clusterbook(path: Path) -> Path:
    """A (32, 32) clusterbook as the reference's modular.npy."""
    rng = np.random.default_rng(0)
    np.save(path, rng.standard_normal((CONCEPTS, 32)).astype(np.float32))
    return path


def structure(name: str) -> str:
    """The config without backbone size and checkpoint paths."""
    cfg = load(name)
    cfg.model.backbone.pop('arch')
    cfg.model.backbone.pop('init_cfg')
    cfg.model.pop('clusterbook_checkpoint', None)
    cfg.pop('load_from', None)
    cfg.pop('work_dir', None)
    return json.dumps(cfg.to_dict(), sort_keys=True, default=str)


RUN = [c for c in REAL if 'vit-b8' not in c]


def test_vit_b8_configs_differ_from_vit_s8_only_in_backbone_size():
    pairs = [(c.replace('vit-b8', 'vit-s8'), c) for c in REAL
             if 'vit-b8' in c]
    assert len(pairs) == 10  # mediator, TR, TR probe, MLP, MLP probe; x2
    for small, base in pairs:
        assert structure(small) == structure(base), (small, base)
        assert _parsed(small).model.backbone.arch == 'deit-small'
        assert _parsed(base).model.backbone.arch == 'base'


@pytest.mark.parametrize('name', RUN)
def test_real_config_trains_and_evaluates_on_fake_tree(name, tmp_path):
    coco = name.endswith('_coco27.py')
    root = (make_fake_coco_stuff(tmp_path / 'coco', num_train=2, num_val=2)
            if coco else make_fake_cityscapes(tmp_path / 'city', per_split=1))
    cfg = shrink(load(name), tmp_path / 'work', root)
    if cfg.model.type == 'CAUSE':
        cfg.load_from = None
        cfg.model.clusterbook_checkpoint = str(
            clusterbook(tmp_path / 'modular.npy'))
    runner = run(cfg)
    assert (tmp_path / 'work' / 'iter_2.pth').exists()
    # 1 curated COCO train image / 1 Cityscapes train image, x5 crops
    assert len(runner.train_dataloader.dataset) == 5
    if cfg.model.type == 'CAUSE':
        metrics = runner.val_loop.evaluator.metrics
        assert [type(m).__name__ for m in metrics] == [
            'HungarianIoUMetric', 'LinearProbeIoUMetric']
        scalars = (tmp_path / 'work').glob('*/vis_data/scalars.json')
        text = next(scalars).read_text()
        assert re.search(r'"mIoU": [\d.]+', text)
        assert re.search(r'"linear_probe/mIoU": [\d.]+', text)
        loss = 'loss_concept' if cfg.model.stage == 'front_door' else \
            'loss_modularity'
        assert loss in text


def test_synthetic_chain_runs_the_three_stages(tmp_path, monkeypatch):
    """Mediator -> front door (clusterbook and backbone from the mediator's
    checkpoint) -> cluster probe (``load_from`` the front door's), at the
    configs' own paths; shortened to a few iterations."""
    monkeypatch.chdir(tmp_path)
    data = dict(data_root=str(tmp_path / 'scenes'), num_train=8, num_val=4)
    stages = ['cause-mediator_vit-tiny_synthetic.py',
              'cause-tr_vit-tiny_synthetic.py',
              'cause-tr-probe_vit-tiny_synthetic.py']
    runners = []
    for name in stages:
        cfg = load(name)
        shrink_config(cfg, f'work_dirs/{name[:-3]}', batch_size=4,
                      dataset_overrides=data)
        runners.append(run(cfg))
    mediator, front_door, probe = (r.model for r in runners)
    # the front door froze the mediator's clusterbook and backbone
    torch.testing.assert_close(front_door.clusterbook.concepts,
                               mediator.clusterbook.concepts)
    torch.testing.assert_close(front_door.backbone.pos_embed,
                               mediator.backbone.pos_embed)
    # the probe stage trained the centroids only
    torch.testing.assert_close(probe.head_ema.query_pos,
                               front_door.head_ema.query_pos)
    assert not torch.allclose(probe.cluster_probe.concepts,
                              front_door.cluster_probe.concepts)
    assert Path('work_dirs/cause-tr-probe_vit-tiny_synthetic/epoch_2.pth'
                ).exists()


def test_front_door_refuses_a_random_clusterbook(tmp_path):
    root = make_fake_coco_stuff(tmp_path / 'coco', num_train=2, num_val=2)
    cfg = shrink(load('cause-tr_vit-s8_coco27.py'), tmp_path / 'work', root)
    cfg.model.clusterbook_checkpoint = None
    with pytest.raises(RuntimeError, match='clusterbook_checkpoint'):
        run(cfg)


def test_imagefolder_chain_configs_train_without_labels(tmp_path):
    folder = make_fake_image_folder(tmp_path / 'mine', num=2,
                                    with_labels=False, size=(60, 80))
    for name in ('cause-mediator_vit-s8_imagefolder.py',
                 'cause-tr_vit-s8_imagefolder.py',
                 'cause-tr-probe_vit-s8_imagefolder.py'):
        cfg = shrink(load(name), tmp_path / name[:-3], folder)
        cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=2,
                             val_interval=10**9)
        if cfg.model.type == 'CAUSE':
            assert cfg.model.num_classes is None
            cfg.load_from = None
            cfg.model.clusterbook_checkpoint = str(
                clusterbook(tmp_path / 'modular.npy'))
        run(cfg)
        assert (tmp_path / name[:-3] / 'iter_2.pth').exists()


def test_kmeans_baseline_clusters_the_cause_synthetic_features():
    kmeans = load('kmeans_vit-tiny_synthetic.py')
    cause = load('cause-tr_vit-tiny_synthetic.py')
    assert kmeans.model.backbone == cause.model.backbone
    assert kmeans.model.neck is None
    assert kmeans.model.cluster_head.channels == \
        cause.model.backbone.arch.embed_dims


def test_tools_import_the_project_from_the_repository_root(tmp_path,
                                                           monkeypatch):
    """``python tools/train.py <project config>`` (no PYTHONPATH) finds
    ``projects.cause.cause`` through ``custom_imports``."""
    monkeypatch.undo()  # the real config dump (fast_runs replaces it)
    cfg = load('cause-mediator_vit-tiny_synthetic.py')
    shrink_config(cfg, str(tmp_path / 'work'), dataset_overrides=dict(
        data_root=str(tmp_path / 'scenes'), num_train=4, num_val=2))
    monkeypatch.delenv('PYTHONPATH', raising=False)
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'cfg.py'))])
    assert 'loss_modularity' in out
    assert (tmp_path / 'work' / 'epoch_1.pth').exists()
