"""Non-parametric cluster head: pixels take their nearest centroid."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class ClusterHead(BaseModule):
    """Classify pixel features by their nearest centroid.

    The centroids are buffers, not parameters: they are fitted by
    :class:`mmusseg.engine.hooks.ClusteringHook` (k-means over the train set)
    and saved in every checkpoint, so a checkpoint alone is enough to run
    inference. The head's logits order the clusters exactly as the k-means
    assignment does, so ``argmax`` of the logits is the nearest centroid.

    Args:
        num_clusters (int): Number of clusters K.
        channels (int): Feature dimension D.
        distance (str): ``'euclidean'`` (logits are the negative squared L2
            distance, matching L2 k-means), ``'cosine'`` (cosine similarity,
            matching spherical k-means) or ``'dot'`` (plain dot product:
            PiCIE's classifier, which uses the centroids as 1x1 conv
            weights). Defaults to ``'euclidean'``.
        init_cfg (dict, optional): Unused initialisation config, kept for
            the mmengine ``BaseModule`` interface. Defaults to None.
    """

    def __init__(self,
                 num_clusters: int,
                 channels: int,
                 distance: str = 'euclidean',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_clusters < 1 or channels < 1:
            raise ValueError(f'ClusterHead needs num_clusters >= 1 and '
                             f'channels >= 1, got {num_clusters} and '
                             f'{channels}.')
        if distance not in ('euclidean', 'cosine', 'dot'):
            raise ValueError(f"ClusterHead.distance must be 'euclidean', "
                             f"'cosine' or 'dot', got {distance!r}.")
        self.num_clusters = num_clusters
        self.channels = channels
        self.distance = distance
        self.register_buffer('centroids', torch.zeros(num_clusters, channels))
        self.register_buffer('fitted', torch.tensor(False))

    @property
    def spherical(self) -> bool:
        """bool: Whether the centroids live on the unit sphere."""
        return self.distance == 'cosine'

    @torch.no_grad()
    def set_centroids(self, centroids: Tensor) -> None:
        """Replace the centroids, e.g. with a fresh k-means result.

        Args:
            centroids (Tensor): (K, D) centroids.
        """
        expected = (self.num_clusters, self.channels)
        if tuple(centroids.shape) != expected:
            raise ValueError(f'ClusterHead expects centroids of shape '
                             f'{expected}, got {tuple(centroids.shape)}.')
        if not torch.isfinite(centroids).all():
            raise ValueError('ClusterHead received non-finite centroids; '
                             'the features fed to k-means contain NaN/Inf.')
        self.centroids.copy_(centroids.to(self.centroids))
        self.fitted.fill_(True)

    def forward(self, feats: Tensor) -> Tensor:
        """Compute per-pixel cluster logits.

        Args:
            feats (Tensor): (B, D, H, W) pixel features.

        Returns:
            Tensor: (B, K, H, W) logits; higher means closer.
        """
        if not bool(self.fitted):
            raise RuntimeError(
                'ClusterHead centroids have not been fitted. Train the model '
                'with a ClusteringHook (see configs/kmeans) or load a '
                'checkpoint that contains them.')
        centroids = self.centroids
        if self.distance == 'dot':
            return torch.einsum('bdhw,kd->bkhw', feats, centroids)
        if self.distance == 'cosine':
            return torch.einsum('bdhw,kd->bkhw', F.normalize(feats, dim=1),
                                F.normalize(centroids, dim=1))
        # -||x - c||^2 = 2 x.c - ||c||^2 - ||x||^2; ||x||^2 is kept so the
        # logits are true negative distances, usable as CRF unaries.
        dots = torch.einsum('bdhw,kd->bkhw', feats, centroids)
        return (2 * dots - centroids.pow(2).sum(1)[None, :, None, None] -
                feats.pow(2).sum(1, keepdim=True))
