"""Image-level pseudo-labels from embeddings: k-means, nearest centroid
by cosine, and PGG's active selection."""
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

from .faiss_kmeans import faiss_kmeans


def image_pseudo_labels(embeddings: Tensor,
                        num_labels: int,
                        select_ratio: float = 0.4,
                        fit_on_whole: bool = False,
                        num_iters: int = 20,
                        num_redo: int = 1,
                        seed: int = 0) -> Tuple[Tensor, Tensor, Tensor]:
    """Cluster view embeddings and keep the most confident labels.

    Every view (the whole image and its pyramid crops) is an independent
    image: spherical k-means (faiss) into ``num_labels`` clusters, then
    each view takes its nearest centroid by cosine. Active selection ranks
    all views by their cosine to that centroid and keeps the top
    ``select_ratio``; the others get label -1 (ignored in training).

    Args:
        embeddings (Tensor): (N, V, D) L2-normalised embeddings of V views
            of N images.
        num_labels (int): Number of image-level clusters (PGG's L).
        select_ratio (float): Fraction of views kept. Defaults to 0.4.
        fit_on_whole (bool): Fit the centroids on the whole-image views
            only (view 0) and use them to label all views. Defaults to
            False (fit on all views).
        num_iters (int): k-means iterations. Defaults to 20.
        num_redo (int): k-means restarts. Defaults to 1.
        seed (int): k-means seed. Defaults to 0.

    Returns:
        tuple[Tensor, Tensor, Tensor]: (N, V) int64 labels with -1 for
        views not selected, (N, V) cosine to the assigned centroid, and the
        (L, D) centroids.
    """
    if embeddings.ndim != 3:
        raise ValueError(f'embeddings must be (N, V, D), got '
                         f'{tuple(embeddings.shape)}.')
    if not 0 < select_ratio <= 1:
        raise ValueError(f'select_ratio must be in (0, 1], got '
                         f'{select_ratio}.')
    num, views, dim = embeddings.shape
    fitted = num if fit_on_whole else num * views
    if fitted < num_labels:
        raise ValueError(
            f'{num_labels} image-level clusters need at least as many '
            f'views; {num} images give {fitted}. Lower the number of '
            f'image labels (guidance_head.num_classes).')
    flat = F.normalize(embeddings.float().reshape(-1, dim), dim=1)
    fit = flat.reshape(num, views, dim)[:, 0] if fit_on_whole else flat
    centroids = F.normalize(
        faiss_kmeans(fit, num_labels, num_iters=num_iters, num_redo=num_redo,
                     seed=seed, spherical=True, device='cpu'), dim=1)
    sims, labels = (flat @ centroids.T).max(dim=1)
    keep = max(1, round(select_ratio * len(flat)))
    # stable: ties keep the lower (image, view) index, so the selection is
    # reproducible
    order = torch.sort(sims, descending=True, stable=True).indices
    selected = torch.zeros(len(flat), dtype=torch.bool)
    selected[order[:keep]] = True
    labels = torch.where(selected, labels, torch.full_like(labels, -1))
    return (labels.reshape(num, views), sims.reshape(num, views),
            centroids)
