"""The PGG headline config (and its Cityscapes-27 variant) train and
evaluate on tiny fake trees in the real layouts, pseudo-label stage
included, and a second run reuses the cached labels."""
import re

import pytest
from mmengine.config import Config

from helpers.runs import REPO_ROOT, dump_config, run_tool, shrink_config
from mmusseg.testing.fake_trees import make_fake_cityscapes, make_fake_coco_stuff
from mmusseg.testing.iss_checkpoint import make_random_iss_checkpoint


@pytest.fixture(scope='module')
def trees(tmp_path_factory):
    root = tmp_path_factory.mktemp('pgg_trees')
    return dict(
        coco=make_fake_coco_stuff(root / 'cocostuff'),
        cityscapes=make_fake_cityscapes(root / 'cityscapes',
                                        per_split=1),
        iss=make_random_iss_checkpoint(root / 'mocov2_r50.pth', depth=50))


def _run(config, tree, trees, tmp_path, name):
    cfg = Config.fromfile(str(REPO_ROOT / config))
    shrink_config(cfg, str(tmp_path / name), data_root=str(trees[tree]))
    cfg.model.backbone.init_cfg.checkpoint = str(trees['iss'])
    cfg.train_cfg.update(max_epochs=1, val_interval=1)
    cfg.model.guidance_head.num_classes = 4  # L = 50 needs 50 views
    for hook in cfg.custom_hooks:
        if hook.type == 'PyramidLabelHook':
            hook.encoder.checkpoint = str(trees['iss'])
            hook.cache_dir = str(tmp_path / 'cache')
        else:
            hook.update(num_init_batches=1, pixels_per_image=64)
    return run_tool(['tools/train.py',
                     str(dump_config(cfg, tmp_path / f'{name}.py'))])


def test_pgg_coco_headline_config(trees, tmp_path):
    config = 'configs/pgg/pgg_r50_fpn_coco27.py'
    out = _run(config, 'coco', trees, tmp_path, 'first')
    assert 'mocov2_r50.pth' in out  # the local ISS init was loaded
    assert 'PyramidLabelHook: embedding 6 views of 3 images' in out
    assert 'PyramidLabelHook: cached the image labels' in out
    assert re.search(r'loss_guidance: [\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)
    assert (tmp_path / 'first' / 'epoch_1.pth').exists()
    out = _run(config, 'coco', trees, tmp_path, 'second')
    assert 'PyramidLabelHook: loaded the image labels' in out
    assert 'embedding 6 views' not in out


def test_pgg_cityscapes_config(trees, tmp_path):
    out = _run('configs/pgg/pgg_r50_fpn_cityscapes27.py', 'cityscapes',
               trees, tmp_path, 'run')
    # train_extra + test: one image each, labelled as one set of two
    assert 'PyramidLabelHook: embedding 6 views of 2 images' in out
    assert re.search(r'mIoU: [\d.]+', out)
