"""Streaming k-means whose memory does not grow with the dataset."""
import math
import warnings
from typing import List, Optional

import torch
from mmengine import dist
from torch import Tensor

from .faiss_kmeans import assign_to_centroids, faiss_kmeans
from .sampling import subsample_pixels


class DistributedMiniBatchKMeans:
    """PiCIE's mini-batch k-means over a stream of feature maps, on all ranks.

    The algorithm is the one of janghyuncho/PiCIE (``commons.py``,
    ``run_mini_batch_kmeans``):

    1. the pixels of the first ``num_init_images`` images seed the centroids
       with faiss k-means, and every seeding pixel is counted in its
       cluster (``count_k``);
    2. every further chunk of ``images_per_update`` images is assigned to
       the current centroids, and each centroid moves towards the mean of
       its pixels, ``mu_k <- (1 - eta) mu_k + eta * mean_k`` with
       ``eta = n_k / count_k`` (``count_k`` includes ``n_k``).

    The reference holds every pixel of the seeding images (20 x 256 images x
    6400 pixels, about 17 GB). Here the seeding keeps a uniform sample of at
    most ``max_init_samples`` pixels, and the online chunks use every pixel
    (or at most ``max_pixels_per_image``) but keep only per-cluster sums.
    Each sampled pixel is weighted by the number of pixels it stands for
    (``h * w / sampled``), so ``count_k``, ``n_k`` and therefore ``eta``
    estimate the reference's full-pixel values without bias.

    Distributed: each rank feeds its own shard; the seeding sample is
    gathered and rank 0's faiss result broadcast; every online update
    all-reduces the per-cluster sums and counts, so all ranks hold
    identical centroids. :meth:`update` is collective once seeding starts:
    every rank must call it the same number of times with the same number
    of images (mmengine's ``DefaultSampler`` pads shards to equal length).

    Args:
        num_clusters (int): K.
        num_init_images (int): Images (over all ranks) whose pixels seed
            the centroids. Defaults to 5120 (PiCIE: 20 batches of 256).
        images_per_update (int): Images (over all ranks) per online update.
            Defaults to 256 (PiCIE: one clustering batch).
        max_init_samples (int): Pixels kept for the seeding, over all ranks.
            Defaults to 2,000,000 (1 GB of 128-d features).
        max_pixels_per_image (int, optional): Pixels used per image in the
            online updates. Defaults to None (all, as PiCIE).
        num_init_iters (int): faiss iterations of the seeding.
            Defaults to 20.
        num_init_redo (int): faiss restarts of the seeding; the lowest
            inertia wins. Defaults to 1 (as PiCIE).
        init (str): faiss seeding's own initialisation, ``'k-means++'`` or
            ``'random'`` (faiss' default, PiCIE's). Defaults to
            ``'k-means++'``.
        init_centroids (Tensor, optional): (K, D) centroids that replace the
            faiss seeding (warm start); the seeding images are still
            counted. Defaults to None.
        spherical (bool): Features are L2-normalised; keep centroids on the
            unit sphere. Defaults to False (PiCIE does not re-normalise).
        seed (int): Seed of the sampling, faiss and re-seeding.
            Defaults to 0.
        device (str): Where the online step runs: 'cpu', 'cuda' or 'auto'
            (CUDA when available). Defaults to 'auto'.
    """

    def __init__(self,
                 num_clusters: int,
                 num_init_images: int = 5120,
                 images_per_update: int = 256,
                 max_init_samples: int = 2_000_000,
                 max_pixels_per_image: Optional[int] = None,
                 num_init_iters: int = 20,
                 num_init_redo: int = 1,
                 init: str = 'k-means++',
                 init_centroids: Optional[Tensor] = None,
                 spherical: bool = False,
                 seed: int = 0,
                 device: str = 'auto') -> None:
        if min(num_clusters, num_init_images, images_per_update) < 1:
            raise ValueError('num_clusters, num_init_images and '
                             'images_per_update must be positive.')
        if max_init_samples < num_clusters:
            raise ValueError(f'max_init_samples={max_init_samples} is below '
                             f'K={num_clusters}.')
        if max_pixels_per_image is not None and max_pixels_per_image < 1:
            raise ValueError('max_pixels_per_image must be positive or None.')
        if init_centroids is not None and init_centroids.shape[0] != (
                num_clusters):
            raise ValueError(f'init_centroids has {init_centroids.shape[0]} '
                             f'rows, expected K={num_clusters}.')
        world_size = dist.get_world_size()
        self.num_clusters = num_clusters
        self.num_init_iters = num_init_iters
        self.num_init_redo = num_init_redo
        self.init = init
        self.init_centroids = init_centroids
        self.spherical = spherical
        self.seed = seed
        self.max_pixels_per_image = max_pixels_per_image
        if device == 'auto':
            device = 'cuda' if torch.cuda.is_available() else 'cpu'
        self.device = torch.device(device)
        #: Seeding images and online-update images this rank contributes.
        self.init_images = math.ceil(num_init_images / world_size)
        self.update_images = math.ceil(images_per_update / world_size)
        #: Pixels sampled per seeding image.
        self.init_pixels_per_image = max(1,
                                         max_init_samples // num_init_images)
        self._generator = torch.Generator().manual_seed(
            seed + 100_003 * dist.get_rank())
        self._buffer: List[Tensor] = []  # rows of [feature, weight]
        self._buffered_images = 0
        self._pending: Optional[Tensor] = None  # K x (D + 1) sums, weights
        self._pending_images = 0
        self.num_updates = 0
        self.num_online_steps = 0
        self.centroids: Optional[Tensor] = None
        #: (K,) float64 pixel counts since the seeding (PiCIE's data_count).
        self.counts: Optional[Tensor] = None

    @property
    def buffered(self) -> int:
        """int: Rows this rank holds for the seeding."""
        return sum(len(b) for b in self._buffer)

    @property
    def init_cap(self) -> int:
        """int: Most rows this rank ever holds for the seeding."""
        return self.init_images * self.init_pixels_per_image

    @staticmethod
    def _as_maps(features: Tensor) -> Tensor:
        if features.ndim == 2:  # (N, D): N images of one pixel each
            return features[:, :, None, None]
        if features.ndim != 4:
            raise ValueError(f'update expects (B, D, h, w) feature maps or '
                             f'(N, D) rows, got {tuple(features.shape)}.')
        return features

    def _sample(self, maps: Tensor, per_image: int) -> Tensor:
        """Rows [feature, weight] of ``per_image`` random pixels per image,
        each weighted by the pixels it stands for."""
        pixels = maps.shape[2] * maps.shape[3]
        rows = subsample_pixels(maps, per_image, self._generator).float()
        weight = pixels / min(per_image, pixels)
        return torch.cat([rows, rows.new_full((len(rows), 1), weight)], 1)

    def update(self, features: Tensor) -> None:
        """Feed a batch of this rank: (B, D, h, w) feature maps, or (N, D)
        rows (N one-pixel images)."""
        maps = self._as_maps(features.detach())
        self.num_updates += 1
        if self.centroids is None:
            self._buffer.append(
                self._sample(maps, self.init_pixels_per_image).cpu())
            self._buffered_images += len(maps)
            if self._buffered_images >= self.init_images:
                self._seed_centroids()
            return
        per_image = self.max_pixels_per_image or maps.shape[2] * maps.shape[3]
        rows = self._sample(maps, per_image).to(self.device)
        labels, _ = assign_to_centroids(rows[:, :-1], self.centroids)
        stats = torch.zeros(self.num_clusters, rows.shape[1],
                            device=self.device, dtype=torch.float64)
        weighted = rows.double()
        weighted[:, :-1] *= weighted[:, -1:]
        stats.index_add_(0, labels, weighted)
        self._pending = stats if self._pending is None else (
            self._pending + stats)
        self._pending_images += len(maps)
        if self._pending_images >= self.update_images:
            self._online_step()

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
        k = self.num_clusters
        if dist.get_rank() == 0:
            feats, weights = samples[:, :-1], samples[:, -1].double()
            if self.init_centroids is not None:
                centroids = self.init_centroids.detach().float().cpu()
            else:
                centroids = faiss_kmeans(
                    feats,
                    k,
                    num_iters=self.num_init_iters,
                    num_redo=self.num_init_redo,
                    seed=self.seed,
                    spherical=self.spherical,
                    init=self.init,
                    device='auto')  # faiss-gpu when installed
            labels, _ = assign_to_centroids(feats, centroids)
            counts = torch.zeros(k, dtype=torch.float64).index_add_(
                0, labels, weights)
            packed = torch.cat([centroids.double(), counts[:, None]], 1)
            shape = torch.tensor(packed.shape, dtype=torch.long)
        else:
            shape = torch.zeros(2, dtype=torch.long)
        dist.broadcast(shape, src=0)
        if dist.get_rank() != 0:
            packed = torch.zeros(*shape.tolist(), dtype=torch.float64)
        dist.broadcast(packed, src=0)
        self.centroids = packed[:, :-1].float().to(self.device)
        self.counts = packed[:, -1].to(self.device)

    @torch.no_grad()
    def _online_step(self) -> None:
        stats = self._pending
        self._pending, self._pending_images = None, 0
        dist.all_reduce(stats)  # sum over ranks: identical on every rank
        sums, n = stats[:, :-1], stats[:, -1]
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
        empty = ~finite | (self.centroids.abs().sum(1) == 0) | (
            self.counts == 0)
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
        ``num_init_images`` and applies the last partial chunk (both
        collective), then re-seeds empty clusters deterministically by
        splitting the largest ones.
        """
        if self.centroids is None:
            self._seed_centroids()
        if self._pending is not None:
            self._online_step()
        reseeded = self._reseed_empty()
        if reseeded:
            warnings.warn(f'k-means: re-seeded {reseeded} empty cluster(s) '
                          f'by splitting the largest ones.', stacklevel=2)
        if self.spherical:
            self.centroids = torch.nn.functional.normalize(
                self.centroids, dim=1)
        return self.centroids.float().cpu()
