"""Streaming k-means whose memory does not grow with the dataset."""
import math
import warnings
from typing import List, Optional

import torch
from mmengine import dist
from torch import Tensor

from .faiss_kmeans import assign_to_centroids, faiss_kmeans


class DistributedMiniBatchKMeans:
    """Mini-batch k-means over a stream of feature batches, on all ranks.

    The algorithm is PiCIE's: the centroids are seeded by faiss k-means on
    the pixels of the first ``num_init_batches`` batches, then every further
    batch moves each centroid towards the mean of its assigned features,
    ``mu_k <- (1 - eta) mu_k + eta * mean_k`` with ``eta = n_k / count_k``
    (``count_k`` counts all features assigned since the seeding).

    Distributed: each rank feeds its own shard. The seeding gathers a
    bounded sample (at most ``max_init_samples`` rows over all ranks) and
    broadcasts rank 0's faiss result; every online step all-reduces the
    per-cluster sums and counts (one collective of K x (D + 1) floats), so
    all ranks apply the same update and hold identical centroids. No rank
    ever holds more than its share of the seeding sample, one batch and
    K x D statistics, whatever the dataset size.

    :meth:`update` is collective once seeding starts: every rank must call
    it the same number of times (mmengine's ``DefaultSampler`` pads shards
    to equal length, so one call per batch satisfies this).

    Args:
        num_clusters (int): K.
        num_init_batches (int): Batches buffered for the seeding.
            Defaults to 20.
        max_init_samples (int): Rows kept for the seeding, over all ranks.
            Defaults to 200000.
        num_init_iters (int): faiss iterations of the seeding.
            Defaults to 20.
        num_init_redo (int): faiss restarts of the seeding; the lowest
            inertia wins. Defaults to 1 (as PiCIE).
        spherical (bool): Features are L2-normalised; keep centroids on the
            unit sphere. Defaults to False.
        seed (int): Seed of the sampling, faiss and re-seeding.
            Defaults to 0.
        device (str): Where the online step runs: 'cpu', 'cuda' or 'auto'
            (CUDA when available). Defaults to 'auto'.
    """

    def __init__(self,
                 num_clusters: int,
                 num_init_batches: int = 20,
                 max_init_samples: int = 200_000,
                 num_init_iters: int = 20,
                 num_init_redo: int = 1,
                 spherical: bool = False,
                 seed: int = 0,
                 device: str = 'auto') -> None:
        if num_clusters < 1 or num_init_batches < 1:
            raise ValueError('num_clusters and num_init_batches must be '
                             'positive.')
        world_size = dist.get_world_size()
        if max_init_samples < num_clusters * world_size:
            raise ValueError(f'max_init_samples={max_init_samples} is below '
                             f'K x world size = {num_clusters * world_size}.')
        self.num_clusters = num_clusters
        self.num_init_batches = num_init_batches
        self.num_init_iters = num_init_iters
        self.num_init_redo = num_init_redo
        self.spherical = spherical
        self.seed = seed
        if device == 'auto':
            device = 'cuda' if torch.cuda.is_available() else 'cpu'
        self.device = torch.device(device)
        #: Maximum rows this rank buffers for the seeding.
        self.init_cap = max_init_samples // world_size
        self._batch_cap = math.ceil(self.init_cap / num_init_batches)
        self._buffer: List[Tensor] = []
        self._generator = torch.Generator().manual_seed(
            seed + 100_003 * dist.get_rank())
        self.num_updates = 0
        self.num_online_steps = 0
        self.centroids: Optional[Tensor] = None
        self.counts: Optional[Tensor] = None
        self._sq_dist_sum = 0.0

    @property
    def buffered(self) -> int:
        """int: Rows this rank holds for the seeding."""
        return sum(len(b) for b in self._buffer)

    @property
    def inertia(self) -> float:
        """float: Mean squared distance to the assigned centroid during the
        online pass (all ranks), NaN before any online step."""
        if self.counts is None or self.counts.sum() == 0:
            return float('nan')
        return self._sq_dist_sum / float(self.counts.sum())

    def update(self, features: Tensor) -> None:
        """Feed one batch of (n, D) features of this rank."""
        if features.ndim != 2:
            raise ValueError(f'update expects (n, D) features, got '
                             f'{tuple(features.shape)}.')
        self.num_updates += 1
        if self.centroids is None:
            keep = torch.randperm(len(features), generator=self._generator)
            self._buffer.append(
                features[keep[:self._batch_cap].to(features.device)].detach()
                .float().cpu())
            if self.num_updates == self.num_init_batches:
                self._seed_centroids()
            return
        self._online_step(features)

    def _gather_buffers(self) -> Tensor:
        local = (torch.cat(self._buffer) if self._buffer else torch.zeros(
            0, 0))
        if dist.get_world_size() == 1:
            return local
        # all_gather needs equal shapes: pad every shard to the largest.
        meta = torch.tensor(local.shape, dtype=torch.long)
        shapes = dist.all_gather(meta)
        rows = max(int(s[0]) for s in shapes)
        dim = max(int(s[1]) for s in shapes)
        padded = local.new_zeros(rows, dim)
        padded[:len(local), :local.shape[1]] = local
        parts = dist.all_gather(padded)
        return torch.cat(
            [p[:int(s[0])] for p, s in zip(parts, shapes) if int(s[0])])

    def _seed_centroids(self) -> None:
        samples = self._gather_buffers()
        self._buffer = []
        if dist.get_rank() == 0:
            centroids = faiss_kmeans(
                samples,
                self.num_clusters,
                num_iters=self.num_init_iters,
                num_redo=self.num_init_redo,
                seed=self.seed,
                spherical=self.spherical,
                device='auto')  # faiss-gpu when installed
            shape = torch.tensor(centroids.shape, dtype=torch.long)
        else:
            shape = torch.zeros(2, dtype=torch.long)
        dist.broadcast(shape, src=0)
        if dist.get_rank() != 0:
            centroids = torch.zeros(*shape.tolist())
        dist.broadcast(centroids, src=0)
        self.centroids = centroids.to(self.device)
        self.counts = torch.zeros(self.num_clusters, device=self.device,
                                  dtype=torch.float64)

    @torch.no_grad()
    def _online_step(self, features: Tensor) -> None:
        feats = features.detach().to(self.device, torch.float32)
        labels, sq_dist = assign_to_centroids(feats, self.centroids)
        k, dim = self.centroids.shape
        # Per-batch sums in float32 (fast), reduced and applied in float64.
        stats = torch.zeros(k + 1, dim + 1, device=self.device)
        stats[:k, :dim].index_add_(0, labels, feats)
        stats[:k, dim].index_add_(0, labels, torch.ones_like(sq_dist))
        stats[k, 0] = sq_dist.sum()
        stats = stats.double()
        dist.all_reduce(stats)  # sum over ranks: identical on every rank
        sums, n = stats[:k, :dim], stats[:k, dim]
        self._sq_dist_sum += float(stats[k, 0])
        hit = n > 0
        self.counts += n
        eta = (n[hit] / self.counts[hit]).unsqueeze(1)
        batch_mean = sums[hit] / n[hit].unsqueeze(1)
        updated = (1 - eta) * self.centroids[hit].double() + eta * batch_mean
        self.centroids[hit] = updated.float()
        if self.spherical:
            self.centroids = torch.nn.functional.normalize(
                self.centroids, dim=1)
        self.num_online_steps += 1

    def _reseed_empty(self) -> int:
        """Split the largest clusters into the empty ones; returns how many."""
        finite = torch.isfinite(self.centroids).all(1)
        empty = ~finite | (self.centroids.abs().sum(1) == 0)
        if self.num_online_steps:
            empty |= self.counts == 0
        num_empty = int(empty.sum())
        generator = torch.Generator().manual_seed(self.seed)
        for k in torch.nonzero(empty).flatten().tolist():
            counts = self.counts.clone()
            counts[empty] = -1
            j = int(counts.argmax())
            noise = torch.randn(
                self.centroids.shape[1], generator=generator).to(self.device)
            scale = 1e-3 * (self.centroids[j].norm() + 1e-6)
            self.centroids[k] = self.centroids[j] + scale * noise
            self.centroids[j] = self.centroids[j] - scale * noise
            self.counts[k] = self.counts[j] = self.counts[j] / 2
            empty[k] = False
        return num_empty

    def finalize(self) -> Tensor:
        """Finish the fit and return (K, D) centroids, equal on all ranks.

        Seeds from what was buffered when the stream was shorter than
        ``num_init_batches`` (collective), and re-seeds empty clusters
        deterministically by splitting the largest ones.
        """
        if self.centroids is None:
            self._seed_centroids()
        reseeded = self._reseed_empty()
        if reseeded:
            warnings.warn(f'k-means: re-seeded {reseeded} empty cluster(s) '
                          f'by splitting the largest ones.', stacklevel=2)
        if self.spherical:
            self.centroids = torch.nn.functional.normalize(
                self.centroids, dim=1)
        return self.centroids.float().cpu()
