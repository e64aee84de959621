"""The k-means baseline end to end through tools/train.py and tools/test.py."""
import re
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

from helpers.runs import (REPO_ROOT, dump_config, last_metrics, run_tool,
                          shrink_config)

CONFIG = REPO_ROOT / 'configs/kmeans/kmeans_r18_synthetic.py'
SMALL = dict(num_train=48, num_val=16, img_size=(64, 64))


def small_config(tmp_path: Path, name: str) -> Path:
    cfg = Config.fromfile(str(CONFIG))
    shrink_config(cfg, str(tmp_path / name), data_root=str(tmp_path / 'data'),
                  batch_size=8, dataset_overrides=SMALL)
    cfg.custom_hooks[0].num_init_batches = 3
    return dump_config(cfg, tmp_path / f'{name}.py')


def centroids(work_dir: Path) -> torch.Tensor:
    ckpt = torch.load(work_dir / 'epoch_1.pth', map_location='cpu',
                      weights_only=False)
    return ckpt['state_dict']['cluster_head.centroids']


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """One single-process fit shared by the tests of this module."""
    tmp_path = tmp_path_factory.mktemp('kmeans')
    config = small_config(tmp_path, 'single')
    out = run_tool(['tools/train.py', str(config)])
    return tmp_path, config, out


def test_train_fits_centroids_and_prints_metrics(trained):
    tmp_path, _, out = trained
    assert 'ClusteringHook: fitting 1 head(s)' in out
    assert re.search(r'mIoU: \d', out) and re.search(r'aAcc: \d', out)
    metrics = last_metrics(str(tmp_path / 'single'))
    assert 0 < metrics['mIoU'] <= 100 and 0 < metrics['aAcc'] <= 100
    c = centroids(tmp_path / 'single')
    assert c.shape == (6, 128) and torch.isfinite(c).all()
    assert torch.linalg.matrix_rank(c) == 6  # no duplicate/empty clusters


def test_resume_keeps_centroids_and_does_not_refit(trained):
    tmp_path, config, _ = trained
    before = centroids(tmp_path / 'single')
    out = run_tool(['tools/train.py', str(config), '--resume'])
    assert 'skipping straight to validation' in out
    assert 'ClusteringHook: fitting' not in out
    torch.testing.assert_close(centroids(tmp_path / 'single'), before,
                               rtol=0, atol=0)


def test_test_tool_reproduces_validation_metric(trained):
    tmp_path, config, _ = trained
    val = last_metrics(str(tmp_path / 'single'))
    out_dir = tmp_path / 'test_out'
    out = run_tool(['tools/test.py', str(config),
                    str(tmp_path / 'single' / 'epoch_1.pth'), '--out',
                    str(out_dir), '--work-dir', str(tmp_path / 'test')])
    miou = float(re.findall(r'mIoU: ([\d.]+)', out)[-1])
    assert miou == pytest.approx(val['mIoU'], abs=1e-6)
    assert any(out_dir.iterdir()), 'the metric wrote nothing to --out'


def test_two_process_cpu_run_matches_single_process(trained, tmp_path):
    single_dir, _, _ = trained
    config = small_config(tmp_path, 'dist')
    out = run_tool(['tools/train.py', str(config)], nproc=2)
    assert 'Distributed training is not used' not in out
    single = last_metrics(str(single_dir / 'single'))
    dist = last_metrics(str(tmp_path / 'dist'))
    assert dist['mIoU'] == pytest.approx(single['mIoU'], abs=5.0)
    assert dist['aAcc'] == pytest.approx(single['aAcc'], abs=5.0)


def test_two_process_test_is_exact_with_padded_shards(trained, tmp_path):
    single_dir, config, _ = trained
    ckpt = str(single_dir / 'single' / 'epoch_1.pth')
    odd = ['--cfg-options', 'test_dataloader.dataset.num_val=15']
    outs = [
        run_tool(['tools/test.py', str(config), ckpt, '--work-dir',
                  str(tmp_path / f'test{n}'), *odd], nproc=n)
        for n in (1, 2)
    ]
    scores = [re.findall(r'Epoch\(test\).*?(mIoU.*?)data_time', out)[-1]
              for out in outs]
    assert 'mIoU' in scores[0] and scores[0] == scores[1]
