"""PASS's pixel pseudo-labels: nearest image-level centroid, gated by the
foreground attention."""
from typing import Tuple

import torch.nn.functional as F
from torch import Tensor


def foreground_pseudo_labels(features: Tensor, foreground: Tensor,
                             centroids: Tensor, threshold: float,
                             size: Tuple[int, int]) -> Tensor:
    """Label map of one image: 1 + the index of the centroid closest (by
    cosine) to each pixel's feature, 0 (background) where the foreground
    attention is below ``threshold``.

    The labels are computed at the feature resolution and resized
    (nearest) to ``size``; the attention is resized bilinearly and
    thresholded there, as in the reference.

    Args:
        features (Tensor): (C, h, w) features.
        foreground (Tensor): (h, w) attention in [0, 1].
        centroids (Tensor): (K, C) centroids (normalised here).
        threshold (float): Foreground threshold.
        size (tuple[int, int]): Output (H, W).

    Returns:
        Tensor: (H, W) int64 labels in [0, K].
    """
    channels, height, width = features.shape
    feats = F.normalize(features.reshape(channels, -1).t(), dim=1)
    cosine = feats @ F.normalize(centroids.to(feats), dim=1).t()
    labels = (cosine.argmax(1) + 1).reshape(1, 1, height, width)
    labels = F.interpolate(labels.float(), size=size,
                           mode='nearest')[0, 0].long()
    mask = F.interpolate(foreground[None, None].float(), size=size,
                         mode='bilinear', align_corners=False)[0, 0]
    labels[mask < threshold] = 0
    return labels
