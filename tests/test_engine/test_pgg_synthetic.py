"""PGG through tools/train.py on the synthetic scenes (the pyramid crops as
training samples): the pyramid labels are computed, cached and reused,
and identical in 1 and 2 processes."""
import re
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from helpers.runs import REPO_ROOT, dump_config, run_tool, shrink_config
from mmusseg.testing.iss_checkpoint import make_random_iss_checkpoint

SMALL = dict(num_train=6, num_val=4, img_size=(64, 64))


@pytest.fixture(scope='module')
def iss_checkpoint(tmp_path_factory):
    return make_random_iss_checkpoint(
        tmp_path_factory.mktemp('iss') / 'mocov2_r18.pth', depth=18)


def small_config(tmp_path: Path, name: str, iss: Path, cache: Path,
                 data: Path, epochs: int = 2) -> Path:
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/pgg/pgg_r18_fpn_synthetic.py'))
    shrink_config(cfg, str(tmp_path / name), data_root=str(data),
                  batch_size=8, dataset_overrides=SMALL)
    cfg.train_cfg.update(max_epochs=epochs, val_interval=epochs)
    cfg.model.backbone.init_cfg.checkpoint = str(iss)
    for hook in cfg.custom_hooks:
        if hook.type == 'PyramidLabelHook':
            hook.encoder.checkpoint = str(iss)
            hook.cache_dir = str(cache)
        else:
            hook.update(num_init_images=8, images_per_update=8)
    return dump_config(cfg, tmp_path / f'{name}.py')


def _cached(cache: Path) -> dict:
    files = sorted(cache.glob('pgg_labels_*.pth'))
    assert len(files) == 1, files
    return torch.load(files[0])


def test_pgg_trains_and_reuses_cached_labels(tmp_path, iss_checkpoint):
    data, cache = tmp_path / 'data', tmp_path / 'cache'
    out = run_tool(['tools/train.py', str(small_config(
        tmp_path, 'first', iss_checkpoint, cache, data))])
    assert 'PyramidLabelHook: cached the image labels' in out
    assert re.search(r'loss_guidance: [\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)
    assert 'embedding 1 view(s) of each of 36 samples' in out
    labels = _cached(cache)['labels']
    assert labels.shape == (6, 6)
    # active selection keeps 40% of the 36 views
    assert int((labels >= 0).sum()) == round(0.4 * 36)
    assert int(labels.max()) < 12
    # a second run loads the same file instead of recomputing
    out = run_tool(['tools/train.py', str(small_config(
        tmp_path, 'second', iss_checkpoint, cache, data, epochs=1))])
    assert 'PyramidLabelHook: loaded the image labels' in out
    assert 'embedding 1 view' not in out
    assert torch.equal(_cached(cache)['labels'], labels)


def test_pgg_labels_same_in_one_and_two_processes(tmp_path, iss_checkpoint):
    data = tmp_path / 'data'
    labels = {}
    for nproc in (1, 2):
        cache = tmp_path / f'cache{nproc}'
        out = run_tool(['tools/train.py', str(small_config(
            tmp_path, f'nproc{nproc}', iss_checkpoint, cache, data,
            epochs=1))], nproc=nproc)
        assert 'PyramidLabelHook: cached the image labels' in out
        labels[nproc] = _cached(cache)
    assert torch.equal(labels[1]['labels'], labels[2]['labels'])
    torch.testing.assert_close(labels[1]['similarity'],
                               labels[2]['similarity'])
