"""LinearProbeIoUMetric scores pred_linear_sem_seg, not the clusters."""
import pytest
import torch

from mmusseg.evaluation.metrics import LinearProbeIoUMetric


def sample(linear, clusters, gt):
    return dict(pred_linear_sem_seg=dict(data=torch.tensor([linear])),
                pred_sem_seg=dict(data=torch.tensor([clusters])),
                gt_sem_seg=dict(data=torch.tensor([gt])))


def test_scores_the_linear_prediction_under_its_prefix():
    metric = LinearProbeIoUMetric(iou_metrics=['mIoU'])
    metric.dataset_meta = dict(classes=['a', 'b'])
    gt = [[0, 0, 1, 1], [0, 1, 1, 255]]
    # (gt, linear) over the 7 valid pixels: class 0 TP 2, FN 1, FP 2 ->
    # 2/5; class 1 TP 2, FN 2, FP 1 -> 2/5; 4 of 7 right
    linear = [[0, 1, 1, 0], [0, 0, 1, 1]]
    clusters = [[1, 1, 0, 0], [1, 0, 0, 0]]  # perfect after swapping
    metric.process({}, [sample(linear, clusters, gt)])
    result = metric.evaluate(1)
    assert set(result) == {'linear_probe/aAcc', 'linear_probe/mIoU',
                           'linear_probe/mAcc'}
    assert result['linear_probe/mIoU'] == pytest.approx(40.0)
    assert result['linear_probe/aAcc'] == pytest.approx(400 / 7, abs=0.01)
    assert result['linear_probe/mAcc'] == pytest.approx(
        (2 / 3 + 2 / 4) * 50, abs=0.01)


def test_missing_linear_prediction_is_explained():
    metric = LinearProbeIoUMetric()
    metric.dataset_meta = dict(classes=['a', 'b'])
    bad = dict(pred_sem_seg=dict(data=torch.zeros(1, 2, 2, dtype=torch.long)),
               gt_sem_seg=dict(data=torch.zeros(1, 2, 2, dtype=torch.long)))
    with pytest.raises(KeyError, match='num_classes'):
        metric.process({}, [bad])
