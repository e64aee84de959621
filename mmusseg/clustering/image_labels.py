"""Image-level pseudo-labels of PGG ("Fully Self-Supervised Learning for
Semantic Segmentation", section 4.2.1): k-means of the views' embeddings
(or of an ISS model's prototypes), or a supervised classifier's
predictions, then active selection of the most confident views."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

from .faiss_kmeans import faiss_kmeans


def select_confident(labels: Tensor, scores: Tensor,
                     select_ratio: float) -> Tensor:
    """Active selection: keep the ``select_ratio`` of items with the
    highest ``scores`` (one global ranking), set the others to -1.

    Ties keep the lower index (a stable sort), so the selection is
    reproducible.

    Args:
        labels (Tensor): (M, ) int64 labels.
        scores (Tensor): (M, ) confidence of each label.
        select_ratio (float): Fraction kept, in (0, 1].

    Returns:
        Tensor: (M, ) labels, -1 where not selected.
    """
    if not 0 < select_ratio <= 1:
        raise ValueError(f'select_ratio must be in (0, 1], got '
                         f'{select_ratio}.')
    keep = max(1, round(select_ratio * len(scores)))
    order = torch.sort(scores, descending=True, stable=True).indices
    selected = torch.zeros(len(scores), dtype=torch.bool)
    selected[order[:keep]] = True
    return torch.where(selected, labels, torch.full_like(labels, -1))


def image_pseudo_labels(embeddings: Tensor,
                        num_labels: int,
                        select_ratio: float = 0.4,
                        fit_on_whole: bool = False,
                        num_iters: int = 20,
                        num_redo: int = 1,
                        seed: int = 0,
                        prototypes: Optional[Tensor] = None
                        ) -> Tuple[Tensor, Tensor, Tensor]:
    """Cluster view embeddings and keep the most confident labels.

    Every view (the whole image and its pyramid crops) is an independent
    image: spherical k-means (faiss) into ``num_labels`` clusters, then
    each view takes its nearest centroid by cosine. With ``prototypes``
    (SwAV), the k-means groups the ISS model's prototypes instead of the
    views ("we still need to group these prototypes into smaller cluster
    numbers"). Active selection ranks all views by their cosine to their
    centroid and keeps the top ``select_ratio``; the others get label -1
    (ignored in training).

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
        prototypes (Tensor, optional): (P, D) prototypes to group into the
            ``num_labels`` centroids (L2-normalised first). Defaults to
            None (cluster the views).

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
    flat = F.normalize(embeddings.float().reshape(-1, dim), dim=1)
    if prototypes is not None:
        if fit_on_whole:
            raise ValueError('fit_on_whole and prototypes exclude each '
                             'other: the centroids group the prototypes.')
        if prototypes.ndim != 2 or prototypes.shape[1] != dim:
            raise ValueError(f'prototypes must be (P, {dim}), got '
                             f'{tuple(prototypes.shape)}.')
        fit, what = F.normalize(prototypes.float(), dim=1), 'prototypes'
    else:
        fit = flat.reshape(num, views, dim)[:, 0] if fit_on_whole else flat
        what = 'views'
    if len(fit) < num_labels:
        raise ValueError(
            f'{num_labels} image-level clusters need at least as many '
            f'{what}; there are {len(fit)}. Lower the number of image '
            f'labels (guidance_head.num_classes).')
    centroids = F.normalize(
        faiss_kmeans(fit, num_labels, num_iters=num_iters, num_redo=num_redo,
                     seed=seed, spherical=True, device='cpu'), dim=1)
    sims, labels = (flat @ centroids.T).max(dim=1)
    labels = select_confident(labels, sims, select_ratio)
    return (labels.reshape(num, views), sims.reshape(num, views),
            centroids)


def classifier_pseudo_labels(probs: Tensor,
                             select_ratio: float = 0.4
                             ) -> Tuple[Tensor, Tensor]:
    """Labels from a supervised classifier's class probabilities.

    Each view takes its most probable class; active selection keeps the
    ``select_ratio`` of views with the highest probability (the paper's
    "probabilities of the labels in pyramid views").

    Args:
        probs (Tensor): (N, V, C) class probabilities of V views of N
            images.
        select_ratio (float): Fraction of views kept. Defaults to 0.4.

    Returns:
        tuple[Tensor, Tensor]: (N, V) int64 labels with -1 for views not
        selected, and (N, V) probability of the predicted class.
    """
    if probs.ndim != 3:
        raise ValueError(f'probs must be (N, V, C), got '
                         f'{tuple(probs.shape)}.')
    num, views, _ = probs.shape
    scores, labels = probs.float().reshape(num * views, -1).max(dim=1)
    labels = select_confident(labels, scores, select_ratio)
    return labels.reshape(num, views), scores.reshape(num, views)
