"""Exact k-means on faiss, and nearest-centroid assignment in torch."""
from typing import Tuple, Union

import faiss
import numpy as np
import torch
from torch import Tensor


def _use_faiss_gpu(device: str) -> bool:
    has_gpu = (hasattr(faiss, 'get_num_gpus') and faiss.get_num_gpus() > 0
               and torch.cuda.is_available())
    if device == 'cuda' and not has_gpu:
        raise RuntimeError("faiss_kmeans(device='cuda') needs faiss-gpu and "
                           "CUDA: `pip uninstall -y faiss-cpu && pip install "
                           "faiss-gpu-cu12` (README.md, Installation), or "
                           "use device='cpu'.")
    if device not in ('auto', 'cpu', 'cuda'):
        raise ValueError(f"device must be 'auto', 'cpu' or 'cuda', got "
                         f'{device!r}.')
    return device == 'cuda' or (device == 'auto' and has_gpu)


def kmeans_plusplus(features: np.ndarray,
                    num_clusters: int,
                    seed: int = 0,
                    max_samples_per_cluster: int = 256) -> np.ndarray:
    """Greedy k-means++ seeding (Arthur & Vassilvitskii, 2007).

    Each new centroid is the best, by resulting potential, of
    ``2 + log(K)`` samples drawn with probability proportional to their
    squared distance to the nearest centroid so far (the greedy variant
    scikit-learn uses). It runs on a random subset of at most
    ``max_samples_per_cluster * K`` rows, so its cost does not depend on N.

    Args:
        features (np.ndarray): (N, D) float32 features.
        num_clusters (int): K.
        seed (int): Seed of the draws. Defaults to 0.
        max_samples_per_cluster (int): Subset size per cluster.
            Defaults to 256.

    Returns:
        np.ndarray: (K, D) float32 initial centroids.
    """
    rng = np.random.default_rng(seed)
    limit = max_samples_per_cluster * num_clusters
    if len(features) > limit:
        features = features[rng.choice(len(features), limit, replace=False)]
    x = torch.from_numpy(features)
    trials = 2 + int(np.log(num_clusters))
    chosen = [int(rng.integers(len(x)))]
    nearest = (x - x[chosen[0]]).pow(2).sum(1)
    for _ in range(1, num_clusters):
        weights = nearest.double().numpy()
        total = weights.sum()
        candidates = (rng.choice(len(x), trials, p=weights / total)
                      if total > 0 else rng.integers(len(x), size=trials))
        dists = torch.cdist(x, x[candidates]).pow(2)  # N x trials
        potentials = torch.minimum(nearest[:, None], dists).sum(0)
        best = int(potentials.argmin())
        chosen.append(int(candidates[best]))
        nearest = torch.minimum(nearest, dists[:, best])
    return features[chosen].copy()


def faiss_kmeans(features: Union[Tensor, np.ndarray],
                 num_clusters: int,
                 num_iters: int = 20,
                 num_redo: int = 1,
                 seed: int = 0,
                 spherical: bool = False,
                 init: str = 'k-means++',
                 device: str = 'auto',
                 verbose: bool = False) -> Tensor:
    """Cluster ``features`` with faiss' Lloyd k-means.

    Args:
        features (Tensor | np.ndarray): (N, D) features.
        num_clusters (int): K.
        num_iters (int): Lloyd iterations. Defaults to 20.
        num_redo (int): Restarts; the best inertia is kept. Defaults to 1.
        seed (int): faiss' seed. The result is deterministic for a seed on
            CPU (faiss' multithreaded reductions are order-independent for
            the assignment step). Defaults to 0.
        spherical (bool): Re-normalise centroids after each iteration (for
            L2-normalised features). Defaults to False.
        device (str): 'cpu', 'cuda' or 'auto' (GPU when faiss-gpu and CUDA
            are both available). Defaults to 'auto'.
        verbose (bool): faiss' progress output. Defaults to False.

    Returns:
        Tensor: (K, D) float32 centroids on the CPU.
    """
    if isinstance(features, Tensor):
        features = features.detach().float().cpu().numpy()
    features = np.ascontiguousarray(features, dtype=np.float32)
    if features.ndim != 2:
        raise ValueError(f'faiss_kmeans expects (N, D) features, got shape '
                         f'{features.shape}.')
    num, dim = features.shape
    if num < num_clusters:
        raise ValueError(f'k-means needs at least K={num_clusters} samples, '
                         f'got N={num}; sample more pixels or images.')
    bad = int((~np.isfinite(features)).any(axis=1).sum())
    if bad:
        raise ValueError(f'{bad} of {num} features are NaN/Inf; the model '
                         f'produced non-finite features (check the loss and '
                         f'the learning rate).')
    if init not in ('k-means++', 'random'):
        raise ValueError(f"init must be 'k-means++' or 'random', got "
                         f'{init!r}.')
    kmeans = faiss.Kmeans(
        dim,
        num_clusters,
        niter=num_iters,
        nredo=num_redo,
        seed=seed,
        spherical=spherical,
        verbose=verbose,
        gpu=_use_faiss_gpu(device),
        # faiss would otherwise subsample to 256 points per centroid.
        max_points_per_centroid=max(256, -(-num // num_clusters)))
    if init == 'k-means++':
        best = None
        for redo in range(num_redo):
            kmeans.nredo = 1
            kmeans.train(features, init_centroids=kmeans_plusplus(
                features, num_clusters, seed + redo))
            if best is None or kmeans.obj[-1] < best[0]:
                best = (kmeans.obj[-1], kmeans.centroids.copy())
        return torch.from_numpy(best[1])
    kmeans.train(features)
    return torch.from_numpy(kmeans.centroids.copy())


def assign_to_centroids(features: Tensor,
                        centroids: Tensor,
                        chunk_size: int = 65536) -> Tuple[Tensor, Tensor]:
    """Exact nearest centroid by squared L2, chunked to bound memory.

    Args:
        features (Tensor): (N, D) features.
        centroids (Tensor): (K, D) centroids on the same device.
        chunk_size (int): Rows per chunk; memory is O(chunk_size * K).
            Defaults to 65536.

    Returns:
        tuple[Tensor, Tensor]: (N,) labels and (N,) squared distances.
    """
    c_sq = centroids.pow(2).sum(1)
    labels, dists = [], []
    for chunk in features.split(chunk_size):
        # ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2
        sq = chunk.pow(2).sum(1, keepdim=True) - 2 * chunk @ centroids.T + c_sq
        dist, label = sq.min(dim=1)
        labels.append(label)
        dists.append(dist.clamp_min(0))
    if not labels:
        empty = features.new_zeros(0)
        return empty.long(), empty
    return torch.cat(labels), torch.cat(dists)
