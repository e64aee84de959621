"""ImageNetSMetric agrees with a straightforward full-resolution
computation of the ImageNet-S protocol on random predictions."""
import json
import math

import cv2
import numpy as np
import pytest
import torch
from scipy import ndimage
from scipy.optimize import linear_sum_assignment

from mmusseg.evaluation.metrics import ImageNetSMetric

NUM_CLASSES = 6
IGNORE = 1000


def _images(seed=0, num=12):
    """GT with background, 1-3 classes of varied sizes and ignore pixels;
    predictions: a noisy permutation of the GT plus an extra segment."""
    rng = np.random.default_rng(seed)
    perm = np.array([0, *rng.permutation(np.arange(1, NUM_CLASSES + 2))])
    images = []
    for _ in range(num):
        h, w = rng.integers(20, 40, size=2)
        gt = np.zeros((h, w), dtype=np.int64)
        for cls in rng.choice(np.arange(1, NUM_CLASSES + 1),
                              rng.integers(1, 4), replace=False):
            y, x = rng.integers(0, h - 2), rng.integers(0, w - 2)
            dy, dx = rng.integers(1, h - y), rng.integers(1, w - x)
            gt[y:y + dy, x:x + dx] = cls
        gt[rng.random((h, w)) < 0.05] = IGNORE
        pred = perm[np.where(gt == IGNORE, 0, gt)]
        noise = rng.random((h, w)) < 0.3
        pred[noise] = rng.integers(0, NUM_CLASSES + 2, noise.sum())
        images.append((pred, gt))
    # a class covering 5.45% of its image: "at most 5%" after rounding up
    # is false, so it is in MS, not S
    gt = np.zeros((10, 11), dtype=np.int64)
    gt[0, :6] = 1
    gt[5:, 5:] = 2
    images.append((perm[gt], gt))
    return images


def _reference(images, matching=None):
    """The protocol written plainly: presence sets, Hungarian on
    1 - co/N, remap every pixel, per-class and per-bucket IoU."""
    n = NUM_CLASSES + 1
    if matching is None:
        num_seg = max(int(p.max()) for p, _ in images)
        co = np.zeros((num_seg, NUM_CLASSES))
        for pred, gt in images:
            for s in set(np.unique(pred).tolist()) - {0}:
                for c in set(np.unique(gt).tolist()) - {0, IGNORE}:
                    co[s - 1, c - 1] += 1
        rows, cols = linear_sum_assignment(1 - co / len(images))
        matching = {0: 0, **{int(r) + 1: int(c) + 1
                             for r, c in zip(rows, cols)}}
    inter, union = np.zeros(n), np.zeros(n)
    b_inter, b_union, b_gt = (np.zeros((4, n)) for _ in range(3))
    fms, hits = [], 0
    b_int, b_uni = np.zeros(n), np.zeros(n)
    for pred, gt in images:
        mapped = np.vectorize(lambda s: matching.get(int(s), -1))(pred)
        valid = gt != IGNORE
        d = max(1, round(0.03 * math.hypot(*gt.shape)))
        for c in range(n):
            bands = []
            for labels in (gt, mapped):
                mask = labels == c
                inner = ndimage.binary_erosion(
                    mask, np.ones((3, 3)), iterations=d, border_value=0)
                bands.append(mask & ~inner & valid)
            b_int[c] += (bands[0] & bands[1]).sum()
            b_uni[c] += (bands[0] | bands[1]).sum()
        for c in range(n):
            inter[c] += ((mapped == c) & (gt == c) & valid).sum()
            union[c] += (((mapped == c) | (gt == c)) & valid).sum()
        bucket_of = {}
        for c in set(np.unique(gt).tolist()) - {0, IGNORE}:
            share = math.ceil(100.0 * (gt == c).sum() / gt.size)
            bucket_of[c] = 0 if share <= 5 else 1 if share <= 25 else (
                2 if share <= 50 else 3)
        for b in set(bucket_of.values()):
            region = valid & np.isin(gt, [0] + [
                c for c, v in bucket_of.items() if v == b])
            for c in range(n):
                b_inter[b, c] += ((mapped == c) & (gt == c) & region).sum()
                b_union[b, c] += (((mapped == c) | (gt == c))
                                  & region).sum()
                b_gt[b, c] += ((gt == c) & region).sum()
        fg_gt, fg_pred = (gt > 0) & valid, (pred > 0) & valid
        tp = (fg_gt & fg_pred).sum()
        r, p = tp / (fg_gt.sum() + 1e-20), tp / (fg_pred.sum() + 1e-20)
        fms.append(1.3 * p * r / (0.3 * p + r + 1e-20))
        counts = [((mapped == c) & valid).sum() for c in range(1, n)]
        if max(counts) > 0:
            hits += int((gt == int(np.argmax(counts)) + 1).any())
    out = dict(mIoU=np.mean(inter / (union + 1e-10)) * 100,
               BoundaryIoU=np.mean((b_int / np.maximum(b_uni, 1))[
                   b_uni > 0]) * 100,
               FMeasure=np.mean(fms) * 100, Acc=hits / len(images) * 100)
    for b, name in enumerate(('S', 'MS', 'ML', 'L')):
        present = b_gt[b] > 0
        out[name] = (np.mean((b_inter[b] / (b_union[b] + 1e-10))[present])
                     * 100 if present.any() else float('nan'))
    return out, matching


def _evaluate(metric, images):
    metric.process({}, [dict(pred_sem_seg=dict(data=torch.from_numpy(p)[None]),
                             gt_sem_seg=dict(data=torch.from_numpy(g)[None]),
                             img_path=f'/x/n{i:08d}/img_{i}.JPEG')
                        for i, (p, g) in enumerate(images)])
    return metric.compute_metrics(metric.results)


def test_metric_matches_the_plain_protocol(tmp_path):
    images = _images()
    ours = _evaluate(ImageNetSMetric(
        NUM_CLASSES, save_matching=str(tmp_path / 'match.json')), images)
    expected, matching = _reference(images)
    for key, value in expected.items():
        if math.isnan(value):
            assert math.isnan(ours[key]), key
        else:
            assert ours[key] == pytest.approx(value, abs=1e-6), key
    saved = {int(k): v for k, v in json.loads(
        (tmp_path / 'match.json').read_text()).items()}
    assert saved == matching


def test_saved_matching_is_reused_on_another_split(tmp_path):
    val, test = _images(seed=0), _images(seed=1, num=5)
    _evaluate(ImageNetSMetric(NUM_CLASSES,
                              save_matching=str(tmp_path / 'm.json')), val)
    _, matching = _reference(val)
    ours = _evaluate(ImageNetSMetric(
        NUM_CLASSES, matching_file=str(tmp_path / 'm.json')), test)
    expected, _ = _reference(test, matching=matching)
    assert ours['mIoU'] == pytest.approx(expected['mIoU'], abs=1e-6)
    # submission PNGs: matched ids as (id % 256, id // 256, 0) RGB
    _evaluate(ImageNetSMetric(NUM_CLASSES,
                              matching_file=str(tmp_path / 'm.json'),
                              output_dir=str(tmp_path / 'sub')), test)
    for i, (pred, _) in enumerate(test):
        png = cv2.imread(str(tmp_path / 'sub' / f'n{i:08d}' / f'img_{i}.png'))
        ids = png[..., 2].astype(np.int64) + 256 * png[..., 1].astype(
            np.int64)
        expected_ids = np.vectorize(lambda s: matching.get(int(s), 0))(pred)
        np.testing.assert_array_equal(ids, expected_ids)
    # matching found on the test split itself would differ in general
    assert ours['Acc'] == pytest.approx(expected['Acc'])


def test_bad_inputs_are_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match='save_matching'):
        ImageNetSMetric(NUM_CLASSES, matching_file=str(tmp_path / 'x.json'))
    metric = ImageNetSMetric(NUM_CLASSES)
    pred = torch.zeros(1, 4, 4, dtype=torch.long)
    with pytest.raises(ValueError, match='original resolution'):
        metric.process({}, [dict(pred_sem_seg=dict(data=pred),
                                 gt_sem_seg=dict(data=pred[..., :3]))])
    with pytest.raises(ValueError, match='exceeds num_classes'):
        metric.process({}, [dict(pred_sem_seg=dict(data=pred),
                                 gt_sem_seg=dict(data=pred + 7))])
