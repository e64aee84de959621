"""Real-dataset configs fit and evaluate on tiny fake trees in the real
layouts."""
import re

import pytest
import torch
import torchvision
from mmengine.config import Config

from helpers.runs import REPO_ROOT, dump_config, run_tool, shrink_config
from mmusseg.testing.fake_trees import (make_fake_cityscapes,
                                        make_fake_coco_stuff)

CASES = [
    ('configs/kmeans/kmeans_r18_coco27.py', 'coco', 18),
    ('configs/kmeans/kmeans_r50_coco27.py', 'coco', 50),
    ('configs/kmeans/kmeans_r18_cityscapes27.py', 'cityscapes', 18),
    ('configs/kmeans/kmeans_r50_cityscapes27.py', 'cityscapes', 50),
    ('configs/picie/picie_r18_fpn_coco27.py', 'coco', 18),
    ('configs/picie/picie_r18_fpn_cityscapes27.py', 'cityscapes', 18),
]


@pytest.fixture(scope='module')
def trees(tmp_path_factory):
    root = tmp_path_factory.mktemp('trees')
    ckpts = {}
    for depth in (18, 50):
        net = getattr(torchvision.models, f'resnet{depth}')(weights=None)
        ckpts[depth] = root / f'resnet{depth}-imagenet.pth'
        torch.save(net.state_dict(), ckpts[depth])
    return dict(coco=make_fake_coco_stuff(root / 'cocostuff'),
                cityscapes=make_fake_cityscapes(root / 'cityscapes'),
                ckpts=ckpts)


@pytest.mark.parametrize('config,tree,depth', CASES,
                         ids=[c[0].split('/')[-1] for c in CASES])
def test_config_runs_on_fake_tree(config, tree, depth, trees, tmp_path):
    cfg = Config.fromfile(str(REPO_ROOT / config))
    shrink_config(cfg, str(tmp_path / 'work'), data_root=str(trees[tree]))
    cfg.model.backbone.init_cfg.checkpoint = str(trees['ckpts'][depth])
    for hook in cfg.custom_hooks:
        hook.update(num_init_images=2, images_per_update=2,
                    max_pixels_per_image=64)
    if cfg.model.type == 'PiCIE':  # one epoch of the tiny train set
        cfg.train_cfg.update(max_epochs=1, val_interval=1)
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'cfg.py'))])
    assert f'resnet{depth}-imagenet.pth' in out  # the local init was loaded
    assert re.search(r'mIoU: [\d.]+', out)
    if cfg.model.type == 'PiCIE':
        assert re.search(r'loss_within: [\d.]+', out)
        # views (train mode, then the label count) + final, as the reference
        assert out.count('ClusteringHook: k-means of 2 head(s) in train '
                         'mode') == 2
        assert out.count('ClusteringHook: counting the final labels') == 1
    assert (tmp_path / 'work' / 'epoch_1.pth').exists()
