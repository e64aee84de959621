"""Cluster-to-class matching on a (C classes x K clusters) confusion matrix."""
from typing import Tuple

import numpy as np
from scipy.optimize import linear_sum_assignment


def hungarian_match(confusion: np.ndarray) -> np.ndarray:
    """One-to-one matching that maximises the matched pixels.

    Args:
        confusion (np.ndarray): (C, K) counts, GT class x cluster.

    Returns:
        np.ndarray: (K,) class of each cluster, -1 for unmatched clusters.
    """
    classes, clusters = linear_sum_assignment(confusion, maximize=True)
    mapping = np.full(confusion.shape[1], -1, dtype=np.int64)
    mapping[clusters] = classes
    return mapping


def majority_match(confusion: np.ndarray) -> np.ndarray:
    """Many-to-one matching: each cluster takes its majority class.

    Clusters that never fire are left unmatched (-1).
    """
    mapping = confusion.argmax(axis=0).astype(np.int64)
    mapping[confusion.sum(axis=0) == 0] = -1
    return mapping


def matched_confusion(confusion: np.ndarray,
                      cluster_to_class: np.ndarray) -> np.ndarray:
    """Fold clusters into classes: a (C, C) GT x predicted-class matrix.

    Pixels of unmatched clusters are false negatives of their GT class and
    false positives of no class.
    """
    num_classes = confusion.shape[0]
    matched = np.zeros((num_classes, num_classes), dtype=confusion.dtype)
    for cluster, cls in enumerate(cluster_to_class):
        if cls >= 0:
            matched[:, cls] += confusion[:, cluster]
    return matched


def iou_and_accuracy(
        confusion: np.ndarray,
        cluster_to_class: np.ndarray) -> Tuple[np.ndarray, np.ndarray, float]:
    """Per-class IoU and accuracy, and pixel accuracy, under a matching.

    Args:
        confusion (np.ndarray): (C, K) GT class x cluster counts.
        cluster_to_class (np.ndarray): (K,) class per cluster, -1 unmatched.

    Returns:
        tuple: per-class IoU = TP / (TP + FP + FN) (NaN when the class is in
        neither GT nor predictions), per-class accuracy = TP / GT pixels
        (NaN when absent from GT), and pixel accuracy = all TP / all pixels.
    """
    matched = matched_confusion(confusion, cluster_to_class).astype(
        np.float64)
    tp = np.diag(matched)
    gt = confusion.sum(axis=1).astype(np.float64)
    predicted = matched.sum(axis=0)
    with np.errstate(invalid='ignore', divide='ignore'):
        iou = tp / (gt + predicted - tp)
        acc = tp / gt
    total = float(confusion.sum())
    return iou, acc, (tp.sum() / total if total else float('nan'))
