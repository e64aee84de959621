"""PiCIE: pixel clustering with invariance and equivariance (CVPR 2021)."""
import copy
from typing import Dict, Optional, Tuple

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig, SampleList
from torch import Tensor, nn

from mmusseg.clustering import assign_to_centroids
from ..utils.paired_views import PairedViewSampler
from .cluster_segmentor import ClusterSegmentor

BALANCE_MODES = ('inverse', 'proportional', 'none')


@MODELS.register_module()
class PiCIE(ClusterSegmentor):
    """PiCIE on top of the k-means baseline's architecture.

    Every epoch a :class:`mmusseg.engine.hooks.ClusteringHook` clusters the
    features of view 1, ``f(G(P1 x))``, and of view 2, ``G(f(P2 x))``,
    into ``cluster_head`` and ``cluster_head2``; this model then snapshots
    its encoder. Each training step labels both views with the snapshot
    (nearest centroid, no gradient) and trains with PiCIE's loss::

        L_within = (CE(C1 z1, y1) + CE(C2 z2, y2)) / 2
        L_across = (CE(C2 z1, y2) + CE(C1 z2, y1)) / 2
        L = (L_within + L_across) / 2

    where ``C`` are the centroid classifiers (dot product, as PiCIE's 1x1
    convs). Views are drawn by :class:`PairedViewSampler` from
    ``(seed, epoch, sample_idx)``, so the clustering and training passes see
    the same views; the data pipeline must pack ``sample_idx``.

    Args:
        backbone (dict): Backbone config.
        cluster_head (dict): ``ClusterHead`` config, used for both views.
        neck (dict, optional): Neck config (PiCIE: ``LateralFPN``).
        views (dict, optional): :class:`PairedViewSampler` arguments.
        balance (str): Class weights of the CE: ``'inverse'`` cluster
            frequency (default, the paper's intent), ``'proportional'``
            (the reference code's weights, a bug kept as an option) or
            ``'none'``.
        **kwargs: Other :class:`ClusterSegmentor` arguments.
    """

    def __init__(self,
                 backbone: ConfigType,
                 cluster_head: ConfigType,
                 neck: OptConfigType = None,
                 views: Optional[dict] = None,
                 balance: str = 'inverse',
                 feature_index: int = 0,
                 normalize_features: bool = True,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            backbone=backbone,
            cluster_head=cluster_head,
            neck=neck,
            feature_index=feature_index,
            normalize_features=normalize_features,
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if balance not in BALANCE_MODES:
            raise ValueError(f'PiCIE.balance must be one of {BALANCE_MODES}, '
                             f'got {balance!r}.')
        self.cluster_head2 = MODELS.build(cluster_head)
        self.views = PairedViewSampler(**(views or {}))
        self.balance = balance
        k = self.cluster_head.num_clusters
        self.register_buffer('epoch', torch.tensor(0))
        self.register_buffer('class_weights', torch.ones(2, k))
        # The snapshot is set with object.__setattr__ so that it is neither
        # a submodule (checkpoints, DDP) nor moved by .to().
        object.__setattr__(self, '_snapshot', None)

    @property
    def cluster_heads(self) -> Dict[str, nn.Module]:
        """dict: View-1 and view-2 centroid heads."""
        return {'cluster_head': self.cluster_head,
                'cluster_head2': self.cluster_head2}

    def set_epoch(self, epoch: int) -> None:
        """Select the epoch whose views are drawn."""
        self.epoch.fill_(epoch)

    def on_centroids_updated(self, counts: Dict[str, Tensor]) -> None:
        """Snapshot the encoder and set the CE weights from cluster sizes."""
        snapshot = copy.deepcopy(self._encoder()).eval().requires_grad_(False)
        object.__setattr__(self, '_snapshot', snapshot)
        for row, name in enumerate(('cluster_head', 'cluster_head2')):
            freq = counts[name].float()
            freq = freq / freq.sum() if freq.sum() > 0 else torch.ones_like(
                freq) / len(freq)
            if self.balance == 'inverse':
                weights = 1.0 / freq.clamp_min(1e-6)
                weights = weights / weights.mean()
            elif self.balance == 'proportional':
                weights = freq
            else:
                weights = torch.ones_like(freq)
            self.class_weights[row] = weights.to(self.class_weights)

    def _encode(self, encoder: nn.Module, x: Tensor) -> Tensor:
        feats = encoder['backbone'](x)
        if 'neck' in encoder:
            feats = encoder['neck'](feats)
        if isinstance(feats, (list, tuple)):
            feats = feats[self.feature_index]
        return F.normalize(feats, dim=1) if self.normalize_features else feats

    def make_views(self, inputs: Tensor,
                   data_samples: SampleList) -> Tuple[Tensor, Tensor, list]:
        """Preprocessed views 1 and 2 of a batch, and their parameters."""
        if data_samples is None or any('sample_idx' not in s.metainfo
                                       for s in data_samples):
            raise KeyError("PiCIE needs 'sample_idx' in the samples' "
                           "metainfo: add it to PackSegInputs' meta_keys.")
        params = [self.views.sample(int(self.epoch), s.sample_idx)
                  for s in data_samples]
        images = self._unnormalise(inputs).permute(0, 3, 1, 2).float() / 255
        size = tuple(inputs.shape[-2:])
        view1 = torch.stack([
            self.views.photometric(self.views.geometric(img, p, size),
                                   p['photo1'])
            for img, p in zip(images, params)])
        view2 = torch.stack([
            self.views.photometric(img, p['photo2'])
            for img, p in zip(images, params)])
        return self._normalise(view1), self._normalise(view2), params

    def _normalise(self, rgb: Tensor) -> Tensor:
        """Inverse of ``_unnormalise`` for [0, 1] RGB batches."""
        pre = self.data_preprocessor
        x = rgb * 255
        if not getattr(pre, '_channel_conversion', False):
            x = x.flip(1)
        if getattr(pre, '_enable_normalize', False):
            x = (x - pre.mean) / pre.std
        return x

    def _view_features(self, encoder: nn.Module, view1: Tensor,
                       view2: Tensor, params: list) -> Tuple[Tensor, Tensor]:
        z1 = self._encode(encoder, view1)
        z2 = self._encode(encoder, view2)
        size = tuple(z1.shape[-2:])
        z2 = torch.stack([self.views.geometric(z, p, size)
                          for z, p in zip(z2, params)])
        return z1, z2

    def _encoder(self) -> nn.Module:
        encoder = nn.ModuleDict(dict(backbone=self.backbone))
        if self.with_neck:
            encoder['neck'] = self.neck
        return encoder

    def cluster_features(self, inputs: Tensor,
                         data_samples: SampleList) -> Dict[str, Tensor]:
        """``f(G(P1 x))`` for head 1 and ``G(f(P2 x))`` for head 2."""
        view1, view2, params = self.make_views(inputs, data_samples)
        z1, z2 = self._view_features(self._encoder(), view1, view2, params)
        return {'cluster_head': z1, 'cluster_head2': z2}

    def _labels(self, feats: Tensor, head: nn.Module) -> Tensor:
        b, d, h, w = feats.shape
        pixels = feats.permute(0, 2, 3, 1).reshape(-1, d)
        labels, _ = assign_to_centroids(pixels, head.centroids)
        return labels.reshape(b, h, w)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """PiCIE's within/across cross-entropy on the two views."""
        if self._snapshot is None:
            raise RuntimeError(
                'PiCIE has no epoch-start snapshot: train it with a '
                "ClusteringHook(fit_on=('train_epoch',)) in custom_hooks.")
        with torch.no_grad():
            view1, view2, params = self.make_views(inputs, data_samples)
            s1, s2 = self._view_features(self._snapshot, view1, view2, params)
            y1 = self._labels(s1, self.cluster_head)
            y2 = self._labels(s2, self.cluster_head2)
        z1, z2 = self._view_features(self._encoder(), view1, view2, params)
        w1, w2 = self.class_weights
        ce = F.cross_entropy
        within = (ce(self.cluster_head(z1), y1, weight=w1) +
                  ce(self.cluster_head2(z2), y2, weight=w2)) / 2
        across = (ce(self.cluster_head2(z1), y2, weight=w2) +
                  ce(self.cluster_head(z2), y1, weight=w1)) / 2
        return dict(loss_within=within / 2, loss_across=across / 2)
