"""The k-means baseline end to end through tools/train.py and tools/test.py.

What is exact here is what the code promises: the centroids are identical
on every rank of a run, a resumed run keeps them, and a checkpoint scores
the same in tools/test.py as in validation, in one or two processes. The
*fit* itself is not promised equal across process counts (each rank
samples its own pixels and feeds its own shard), so no test compares a
one-process fit with a two-process one.
"""
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config
from scipy.optimize import linear_sum_assignment

from helpers.runs import (REPO_ROOT, dump_config, last_metrics, run_tool,
                          shrink_config)

CONFIG = REPO_ROOT / 'configs/kmeans/kmeans_r18_synthetic.py'
SMALL = dict(num_train=48, num_val=16, img_size=(64, 64))
K = 6


def small_config(tmp_path: Path, name: str) -> Path:
    cfg = Config.fromfile(str(CONFIG))
    shrink_config(cfg, str(tmp_path / name), data_root=str(tmp_path / 'data'),
                  batch_size=8, dataset_overrides=SMALL)
    cfg.val_evaluator.output_dir = str(tmp_path / name / 'val_out')
    return dump_config(cfg, tmp_path / f'{name}.py')


def centroids(work_dir: Path) -> torch.Tensor:
    ckpt = torch.load(work_dir / 'epoch_1.pth', map_location='cpu',
                      weights_only=False)
    return ckpt['state_dict']['cluster_head.centroids']


def fingerprints(log: str) -> list:
    return re.findall(r'identical on (\d) rank\(s\) \(fingerprint (\S+)\)',
                      log)


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """One single-process fit shared by the tests of this module."""
    tmp_path = tmp_path_factory.mktemp('kmeans')
    config = small_config(tmp_path, 'single')
    out = run_tool(['tools/train.py', str(config)])
    return tmp_path, config, out


def test_train_fits_k_distinct_centroids(trained):
    tmp_path, _, out = trained
    assert [n for n, _ in fingerprints(out)] == ['1']  # one fit, 1 rank
    c = centroids(tmp_path / 'single')
    assert c.shape == (K, 128) and torch.isfinite(c).all()
    assert torch.linalg.matrix_rank(c) == K  # no duplicate/empty clusters


def test_logged_scores_follow_from_the_confusion_matrix(trained):
    """mIoU and aAcc recomputed by hand from the dumped (C, K) confusion
    matrix with an independent Hungarian matching."""
    tmp_path, _, _ = trained
    dump = json.loads((tmp_path / 'single' / 'val_out' /
                       'hungarian_matching.json').read_text())
    confusion = np.array(dump['confusion'], dtype=np.float64)
    assert confusion.shape == (K, K)
    assert confusion.sum() == SMALL['num_val'] * 64 * 64  # every pixel once
    classes, clusters = linear_sum_assignment(confusion, maximize=True)
    tp = confusion[classes, clusters]
    iou = tp / (confusion.sum(1)[classes] + confusion.sum(0)[clusters] - tp)
    assert dump['cluster_to_class'] == [
        int(classes[list(clusters).index(k)]) for k in range(K)
    ]
    logged = last_metrics(str(tmp_path / 'single'))
    assert logged['mIoU'] == pytest.approx(100 * iou.mean(), abs=0.006)
    assert logged['aAcc'] == pytest.approx(
        100 * tp.sum() / confusion.sum(), abs=0.006)


def test_resume_keeps_centroids_and_does_not_refit(trained):
    tmp_path, config, _ = trained
    before = centroids(tmp_path / 'single')
    out = run_tool(['tools/train.py', str(config), '--resume'])
    assert 'skipping straight to validation' in out
    assert fingerprints(out) == []  # no fit
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
    assert miou == val['mIoU']
    assert json.loads((out_dir / 'hungarian_matching.json').read_text(
    ))['confusion'] == json.loads((tmp_path / 'single' / 'val_out' /
                                   'hungarian_matching.json').read_text(
                                   ))['confusion']


def test_two_process_fit_and_exact_evaluation(tmp_path):
    """Two ranks fit identical centroids, and their checkpoint scores the
    same in one and in two test processes, with an odd number of images
    (padded shards)."""
    config = small_config(tmp_path, 'dist')
    out = run_tool(['tools/train.py', str(config)], nproc=2)
    assert 'Distributed training is not used' not in out
    assert [n for n, _ in fingerprints(out)] == ['2']
    ckpt = str(tmp_path / 'dist' / 'epoch_1.pth')
    odd = ['--cfg-options', 'test_dataloader.dataset.num_val=15']
    outs = [
        run_tool(['tools/test.py', str(config), ckpt, '--work-dir',
                  str(tmp_path / f'test{n}'), *odd], nproc=n)
        for n in (1, 2)
    ]
    scores = [re.findall(r'Epoch\(test\).*?(mIoU.*?)data_time', out)[-1]
              for out in outs]
    assert 'mIoU' in scores[0] and scores[0] == scores[1]
