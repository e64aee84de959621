"""Random prediction/label samples and an independent brute-force scorer."""
import itertools

import numpy as np
import torch

IGNORE = 255


def random_samples(num_samples, num_classes, num_clusters, seed=0):
    """Samples of different sizes, with ignore pixels, as metric inputs."""
    rng = np.random.default_rng(seed)
    samples = []
    for i in range(num_samples):
        h, w = rng.integers(3, 9, size=2)
        gt = rng.integers(0, num_classes, (h, w))
        gt[rng.random((h, w)) < 0.2] = IGNORE
        # predictions correlated with gt through a hidden permutation
        pred = np.where(rng.random((h, w)) < 0.6, gt % num_clusters,
                        rng.integers(0, num_clusters, (h, w)))
        samples.append(
            dict(
                pred_sem_seg=dict(data=torch.from_numpy(pred)[None]),
                gt_sem_seg=dict(data=torch.from_numpy(gt)[None]),
                img_path=f'img{i}'))
    return samples


def brute_force(samples, num_classes, num_clusters):
    """Best injective cluster->class map by enumeration, scored per pixel."""
    preds = np.concatenate(
        [s['pred_sem_seg']['data'].numpy().ravel() for s in samples])
    gts = np.concatenate(
        [s['gt_sem_seg']['data'].numpy().ravel() for s in samples])
    keep = gts != IGNORE
    preds, gts = preds[keep], gts[keep]
    best = None
    # choose which cluster each class gets (injective), others unmatched
    for clusters in itertools.permutations(range(num_clusters), num_classes):
        mapping = np.full(num_clusters, -1)
        mapping[list(clusters)] = np.arange(num_classes)
        mapped = mapping[preds]
        hits = (mapped == gts).sum()
        if best is None or hits > best[0]:
            best = (hits, mapped)
    mapped = best[1]
    ious = []
    for c in range(num_classes):
        inter = ((mapped == c) & (gts == c)).sum()
        union = ((mapped == c) | (gts == c)).sum()
        ious.append(inter / union if union else np.nan)
    return dict(
        mIoU=100 * np.nanmean(ious), aAcc=100 * (mapped == gts).mean())


def majority_brute_force(samples, num_classes, num_clusters):
    """Many-to-one by direct per-cluster majority vote."""
    preds = np.concatenate(
        [s['pred_sem_seg']['data'].numpy().ravel() for s in samples])
    gts = np.concatenate(
        [s['gt_sem_seg']['data'].numpy().ravel() for s in samples])
    keep = gts != IGNORE
    preds, gts = preds[keep], gts[keep]
    mapped = np.full_like(preds, -1)
    for k in range(num_clusters):
        sel = preds == k
        if sel.any():
            mapped[sel] = np.bincount(gts[sel], minlength=num_classes).argmax()
    ious = []
    for c in range(num_classes):
        union = ((mapped == c) | (gts == c)).sum()
        ious.append(((mapped == c) & (gts == c)).sum() / union
                    if union else np.nan)
    return dict(
        mIoU=100 * np.nanmean(ious), aAcc=100 * (mapped == gts).mean())
