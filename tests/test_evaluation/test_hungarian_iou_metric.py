import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch
from metric_cases import (IGNORE, brute_force, majority_brute_force,
                          random_samples)

from helpers.runs import torchrun_command
from mmusseg.evaluation.metrics import HungarianIoUMetric

HERE = Path(__file__).parent


def evaluate(samples, num_classes, num_clusters=None, things=None, **kw):
    metric = HungarianIoUMetric(num_clusters=num_clusters, **kw)
    meta = dict(classes=[f'c{i}' for i in range(num_classes)])
    if things is not None:
        meta['thing_classes'] = things
    metric.dataset_meta = meta
    metric.process({}, samples)
    return metric, metric.evaluate(len(samples))


@pytest.mark.parametrize('num_classes,num_clusters', [(3, 3), (3, 5),
                                                      (4, 6)])
def test_matches_brute_force(num_classes, num_clusters):
    samples = random_samples(9, num_classes, num_clusters, seed=num_clusters)
    _, result = evaluate(samples, num_classes, num_clusters)
    expected = brute_force(samples, num_classes, num_clusters)
    assert result['mIoU'] == pytest.approx(expected['mIoU'], abs=0.01)
    assert result['aAcc'] == pytest.approx(expected['aAcc'], abs=0.01)
    m2o = majority_brute_force(samples, num_classes, num_clusters)
    assert result['mIoU_m2o'] == pytest.approx(m2o['mIoU'], abs=0.01)
    assert result['aAcc_m2o'] == pytest.approx(m2o['aAcc'], abs=0.01)


def test_permuted_perfect_prediction_scores_100():
    gt = torch.tensor([[0, 1, 2], [2, 1, IGNORE]])
    pred = torch.tensor([[2, 0, 1], [1, 0, 2]])  # 0->2, 1->0, 2->1
    sample = dict(pred_sem_seg=dict(data=pred[None]),
                  gt_sem_seg=dict(data=gt[None]))
    metric, result = evaluate([sample], 3, 3)
    assert result['mIoU'] == 100 and result['aAcc'] == 100
    assert metric.cluster_to_class.tolist() == [1, 2, 0]


def test_hand_computed_example_with_unmatched_cluster():
    # 4 pixels of class 0, 2 of class 1; K=3
    gt = torch.tensor([[0, 0, 0, 0, 1, 1]])
    pred = torch.tensor([[0, 0, 0, 2, 1, 0]])
    sample = dict(pred_sem_seg=dict(data=pred[None]),
                  gt_sem_seg=dict(data=gt[None]))
    _, result = evaluate([sample], 2, 3)
    # 0->0, 1->1, cluster 2 unmatched: class0 TP3 FP1 FN1 -> 3/5,
    # class1 TP1 FP0 FN1 -> 1/2; acc 4/6
    assert result['mIoU'] == pytest.approx(55.0)
    assert result['aAcc'] == pytest.approx(66.67)


def test_thing_stuff_partials_are_indexed_by_gt_class():
    # class 0 (thing) always predicted right; class 1 (stuff) half wrong.
    gt = torch.tensor([[0, 0, 1, 1, 1, 1]])
    pred = torch.tensor([[0, 0, 1, 1, 0, 0]])
    sample = dict(pred_sem_seg=dict(data=pred[None]),
                  gt_sem_seg=dict(data=gt[None]))
    _, result = evaluate([sample], 2, 2, things=('c0', ))
    assert result['aAcc_things'] == 100.0  # GT-thing pixels all right
    assert result['aAcc_stuff'] == 50.0
    # indexing by predicted cluster would score the 4 pixels predicted
    # as 0 (2 right) as "things": 50, not 100.
    assert result['mIoU_things'] == pytest.approx(50.0)  # 2/(2+2)
    assert result['mIoU_stuff'] == pytest.approx(50.0)


def test_errors_are_clear():
    bad = dict(pred_sem_seg=dict(data=torch.tensor([[[0, 5]]])),
               gt_sem_seg=dict(data=torch.tensor([[[0, 1]]])))
    with pytest.raises(ValueError, match=r'\[0, 3\)'):
        evaluate([bad], 2, 3)
    nolabel = dict(pred_sem_seg=dict(data=torch.tensor([[[0, 1]]])))
    with pytest.raises(ValueError, match='needs labels'):
        evaluate([nolabel], 2, 3)
    with pytest.raises(ValueError, match='num_clusters'):
        evaluate([nolabel], 2)


def test_num_clusters_inferred_from_logits_and_output_dir(tmp_path):
    sample = dict(pred_sem_seg=dict(data=torch.tensor([[[0, 4]]])),
                  gt_sem_seg=dict(data=torch.tensor([[[0, 1]]])),
                  seg_logits=dict(data=torch.zeros(5, 1, 2)))
    metric, result = evaluate([sample], 2, output_dir=str(tmp_path))
    assert metric.num_clusters == 5 and result['aAcc'] == 100
    record = json.loads((tmp_path / 'hungarian_matching.json').read_text())
    assert len(record['cluster_to_class']) == 5
    assert np.array(record['confusion']).shape == (2, 5)


def test_two_processes_equal_one_process(tmp_path):
    num_classes, num_clusters, n = 3, 5, 7
    samples = random_samples(n, num_classes, num_clusters, seed=3)
    _, single = evaluate(samples, num_classes, num_clusters)
    out = tmp_path / 'dist.json'
    cmd, env = torchrun_command(
        HERE / 'dist_metric_worker.py', 2,
        [str(out), str(n), str(num_classes), str(num_clusters)])
    subprocess.run(cmd, check=True, cwd=HERE, timeout=300, env=env)
    assert json.loads(out.read_text()) == single


def stego_metric_samples(rng, num_clusters):
    """The recipe of ``tests/fixtures/stego/metric_utils.py_eb4d6b5.json``."""
    labels = rng.integers(-1, 6, (3, 20, 20))
    mapping = rng.permutation(num_clusters)[:6]
    preds = np.where(rng.random((3, 20, 20)) < 0.6,
                     mapping[np.clip(labels, 0, 5)],
                     rng.integers(0, num_clusters, (3, 20, 20)))
    labels = np.where(labels < 0, IGNORE, labels)
    return [
        dict(pred_sem_seg=dict(data=torch.from_numpy(p)[None]),
             gt_sem_seg=dict(data=torch.from_numpy(g)[None]))
        for p, g in zip(preds, labels)
    ]


def test_matches_stegos_metric_at_k_equal_c_and_with_extra_clusters():
    """mhamilton723/STEGO's UnsupervisedMetrics (src/utils.py, eb4d6b5) on
    the same predictions: K = C by default, K = C + 3 under
    ``over_clustering='drop_and_pool'``."""
    with open(HERE.parent / 'fixtures' / 'stego' /
              'metric_utils.py_eb4d6b5.json') as f:
        reference = json.load(f)['results']
    rng = np.random.default_rng(4)
    samples = {k: stego_metric_samples(rng, k) for k in (6, 9)}
    _, equal = evaluate(samples[6], 6, 6)
    assert equal['mIoU'] == pytest.approx(reference['K6']['m/mIoU'],
                                          abs=0.005)
    assert equal['aAcc'] == pytest.approx(reference['K6']['m/Accuracy'],
                                          abs=0.005)
    metric, extra = evaluate(samples[9], 6, 9,
                             over_clustering='drop_and_pool')
    assert extra['mIoU'] == pytest.approx(reference['K9']['m/mIoU'],
                                          abs=0.005)
    assert extra['aAcc'] == pytest.approx(reference['K9']['m/Accuracy'],
                                          abs=0.005)
    assert sorted(c for c in metric.cluster_to_class if c >= 0) == list(
        range(6))
    _, default = evaluate(samples[9], 6, 9)
    assert abs(default['mIoU'] - extra['mIoU']) > 5


def test_drop_and_pool_hand_computed():
    # C = 2, K = 3: the pixels predicted as cluster 2 (>= C) are dropped
    # under STEGO's rule; clusters 0 and 1 match the classes and none is
    # left to pool, so the Extra row has no pixel (NaN, out of the mean).
    gt = torch.tensor([[0, 0, 0, 1, 1, 1]])
    pred = torch.tensor([[0, 0, 2, 1, 1, 2]])
    sample = dict(pred_sem_seg=dict(data=pred[None]),
                  gt_sem_seg=dict(data=gt[None]))
    _, result = evaluate([sample], 2, 3, over_clustering='drop_and_pool')
    assert result['mIoU'] == 100 and result['aAcc'] == 100
    # mmusseg's default counts them wrong: IoU 2/3 per class, 4/6 pixels
    _, result = evaluate([sample], 2, 3)
    assert result['mIoU'] == pytest.approx(66.67)
    assert result['aAcc'] == pytest.approx(66.67)
    with pytest.raises(ValueError, match='over_clustering'):
        HungarianIoUMetric(over_clustering='stego')

