"""PiCIE: pixel clustering with invariance and equivariance (CVPR 2021)."""
import copy
import logging
from typing import Dict, Optional, Tuple, Union

import torch
import torch.nn.functional as F
from mmengine.logging import print_log
from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig, SampleList
from torch import Tensor, nn

from mmusseg.clustering import assign_to_centroids
from ..losses.picie_loss import picie_loss
from ..utils.paired_views import PairedViewSampler
from .cluster_segmentor import ClusterSegmentor

BALANCE_MODES = ('inverse', 'proportional', 'none')


def input_fingerprints(inputs: Tensor) -> Tensor:
    """(B,) position-weighted sums of a batch's images, in float64: equal
    for the same image, different after a flip or any other change."""
    flat = inputs.flatten(1).double()
    ramp = torch.linspace(1, 2, flat.shape[1], dtype=flat.dtype,
                          device=flat.device)
    return (flat * ramp).sum(1)


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
    the same views; the data pipeline must pack ``sample_idx``. When the
    hook's counting pass (``count_labels=True``, PiCIE's
    ``compute_labels``) has labelled a batch's views with the same model,
    the step takes those labels instead of running the snapshot again: the
    same labels for two fewer forward passes per step.

    "PiCIE + H" adds an auxiliary over-clustering pair of heads
    (``aux_head``/``aux_head2``, more clusters than classes), fitted and
    trained exactly like the main pair; its loss is added to the main one
    and it is not used for prediction.

    Args:
        backbone (dict): Backbone config.
        cluster_head (dict): ``ClusterHead`` config, used for both views.
        neck (dict, optional): Neck config (PiCIE: ``LateralFPN``).
        views (dict, optional): :class:`PairedViewSampler` arguments.
        view_size (int | tuple[int, int], optional): Resolution of both
            views. PiCIE loads 640 crops and trains on 320 views. Defaults
            to None (the input resolution).
        aux_cluster_head (dict, optional): ``ClusterHead`` config of the
            "+H" over-clustering heads. Defaults to None (plain PiCIE).
        balance (str): Class weights of the CE: ``'proportional'`` to the
            cluster frequency (default: what janghyuncho/PiCIE's
            ``compute_labels`` returns, although rebalancing calls for the
            inverse), ``'inverse'`` frequency (mmusseg's correction, the
            ``picie-fixed_*`` configs) or ``'none'``.
        **kwargs: Other :class:`ClusterSegmentor` arguments.
    """

    def __init__(self,
                 backbone: ConfigType,
                 cluster_head: ConfigType,
                 neck: OptConfigType = None,
                 views: Optional[dict] = None,
                 view_size: Optional[Union[int, Tuple[int, int]]] = None,
                 aux_cluster_head: OptConfigType = None,
                 balance: str = 'proportional',
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
        self.head_pairs = [('cluster_head', 'cluster_head2')]
        if aux_cluster_head is not None:
            self.aux_head = MODELS.build(aux_cluster_head)
            self.aux_head2 = MODELS.build(aux_cluster_head)
            self.head_pairs.append(('aux_head', 'aux_head2'))
        self.views = PairedViewSampler(**(views or {}))
        self.view_size = ((view_size, view_size) if isinstance(
            view_size, int) else (tuple(view_size) if view_size else None))
        self.balance = balance
        self.register_buffer('epoch', torch.tensor(0))
        for name, head in self.cluster_heads.items():
            self.register_buffer(f'{name}_weights',
                                 torch.ones(head.num_clusters))
        # The snapshot is set with object.__setattr__ so that it is neither
        # a submodule (checkpoints, DDP) nor moved by .to().
        object.__setattr__(self, '_snapshot', None)
        # sample_idx -> (input fingerprint, labels by head) of this epoch
        self._epoch_labels: Dict[int, Tuple[Tensor, Dict[str, Tensor]]] = {}
        self._warned_input_mismatch = False

    @property
    def cluster_heads(self) -> Dict[str, nn.Module]:
        """dict: The view-1 and view-2 heads of every pair."""
        return {name: getattr(self, name)
                for pair in self.head_pairs for name in pair}

    def class_weights(self, name: str) -> Tensor:
        """The CE class weights of head ``name``, set every epoch."""
        return getattr(self, f'{name}_weights')

    def set_epoch(self, epoch: int) -> None:
        """Select the epoch whose views are drawn (and forget the labels
        kept for the previous one)."""
        self.epoch.fill_(epoch)
        self._epoch_labels.clear()

    def on_labels_computed(self, inputs: Tensor, data_samples: SampleList,
                           labels: Dict[str, Tensor]) -> None:
        """Keep the counting pass' labels of this epoch's views, with a
        fingerprint of the input they were computed from. The pass runs
        this model in eval mode with the new centroids, which is what the
        snapshot will be. They are kept in host memory, one byte per pixel
        up to 256 clusters, so the GPU holds nothing more."""
        num_clusters = max(h.num_clusters for h in self.cluster_heads.values())
        dtype = torch.uint8 if num_clusters <= 256 else torch.int32
        prints = input_fingerprints(inputs).cpu()
        labels = {name: label.to('cpu', dtype)
                  for name, label in labels.items()}
        for i, sample in enumerate(data_samples):
            self._epoch_labels[sample.sample_idx] = (prints[i], {
                name: label[i]
                for name, label in labels.items()
            })

    def _kept_labels(self, inputs: Tensor,
                     data_samples: SampleList) -> Optional[Dict[str, Tensor]]:
        """The batch's labels from this epoch's counting pass, or None when
        a sample was not labelled there, or from another input."""
        kept = [self._epoch_labels.get(s.sample_idx) for s in data_samples]
        if any(k is None or set(k[1]) != set(self.cluster_heads)
               for k in kept):
            return None
        if not torch.equal(torch.stack([k[0] for k in kept]),
                           input_fingerprints(inputs).cpu()):
            if not self._warned_input_mismatch:
                print_log(
                    'PiCIE: the clustering pass labelled other inputs than '
                    'training receives (a random data pipeline, or padding '
                    'only in training?); labelling them with the snapshot, '
                    'two more forward passes per step.',
                    logger='current', level=logging.WARNING)
                self._warned_input_mismatch = True
            return None
        return {
            name: torch.stack([k[1][name] for k in kept]).to(inputs.device,
                                                             torch.long)
            for name in self.cluster_heads
        }

    def _snapshot_labels(self, view1: Tensor, view2: Tensor,
                         params: list) -> Dict[str, Tensor]:
        """Both views labelled by the epoch-start snapshot: the nearest
        centroid of each head of a pair."""
        s1, s2 = self._view_features(self._snapshot, view1, view2, params)
        labels = {}
        for name1, name2 in self.head_pairs:
            labels[name1] = self._labels(s1, getattr(self, name1))
            labels[name2] = self._labels(s2, getattr(self, name2))
        return labels

    def on_centroids_updated(self, counts: Dict[str, Tensor]) -> None:
        """Snapshot the encoder and set the CE weights from cluster sizes."""
        snapshot = copy.deepcopy(self._encoder()).eval().requires_grad_(False)
        object.__setattr__(self, '_snapshot', snapshot)
        for name, count in counts.items():
            freq = count.float()
            freq = freq / freq.sum() if freq.sum() > 0 else torch.ones_like(
                freq) / len(freq)
            if self.balance == 'inverse':
                weights = 1.0 / freq.clamp_min(1e-6)
                weights = weights / weights.mean()
            elif self.balance == 'proportional':
                weights = freq
            else:
                weights = torch.ones_like(freq)
            self.class_weights(name).copy_(weights)

    def make_views(self,
                   inputs: Tensor,
                   data_samples: SampleList,
                   jitter_view1: bool = True) -> Tuple[Tensor, Tensor, list]:
        """Preprocessed views 1 and 2 of a batch, and their parameters.

        View 1 is ``G(P1 x)``: cropped, resized to ``view_size`` and
        flipped. View 2 is ``P2 x`` resized to ``view_size`` (antialiased,
        as PIL's bilinear resize in the reference). ``P`` runs on the source
        image or on the view (``views.photometric_on_source``).
        ``jitter_view1=False`` leaves out view 1's photometric jitter (only
        for the reference's Cityscapes training-pass bug, see
        :class:`PairedViewSampler`).
        """
        if data_samples is None or any('sample_idx' not in s.metainfo
                                       for s in data_samples):
            raise KeyError("PiCIE needs 'sample_idx' in the samples' "
                           "metainfo: add it to PackSegInputs' meta_keys.")
        views = self.views
        params = [views.sample(int(self.epoch), s.sample_idx)
                  for s in data_samples]
        images = self._unnormalise(inputs).permute(0, 3, 1, 2).float() / 255
        size = self.view_size or tuple(inputs.shape[-2:])
        on_source = views.photometric_on_source

        def jitter(img, p, key, here):
            return views.photometric(img, p[key]) if here else img

        view1 = torch.stack([
            jitter(views.geometric(
                jitter(img, p, 'photo1', jitter_view1 and on_source), p,
                size), p, 'photo1', jitter_view1 and not on_source)
            for img, p in zip(images, params)])
        view2 = []
        for img, p in zip(images, params):
            img = jitter(img, p, 'photo2', on_source)
            if size != tuple(img.shape[-2:]):
                img = F.interpolate(img[None], size=size, mode='bilinear',
                                    align_corners=False, antialias=True)[0]
            view2.append(jitter(img, p, 'photo2', not on_source))
        return (self._normalise(view1), self._normalise(torch.stack(view2)),
                params)

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
        neck = encoder['neck'] if 'neck' in encoder else None
        z1 = self.encode_with(encoder['backbone'], neck, view1)
        z2 = self.encode_with(encoder['backbone'], neck, view2)
        size = tuple(z1.shape[-2:])
        z2 = torch.stack([self.views.geometric(z, p, size)
                          for z, p in zip(z2, params)])
        return z1, z2

    def _encoder(self) -> nn.Module:
        encoder = nn.ModuleDict(dict(backbone=self.backbone))
        if self.with_neck:
            encoder['neck'] = self.neck
        return encoder

    def cluster_features(self,
                         inputs: Tensor,
                         data_samples: SampleList,
                         training_views: bool = True) -> Dict[str, Tensor]:
        """Training views: ``f(G(P1 x))`` for the view-1 heads and
        ``G(f(P2 x))`` for the view-2 heads. Otherwise (PiCIE's final
        k-means before evaluation) the plain images' features, for
        ``cluster_head``, which predicts."""
        if not training_views:
            return {'cluster_head': self.extract_feat(inputs)}
        view1, view2, params = self.make_views(inputs, data_samples)
        z1, z2 = self._view_features(self._encoder(), view1, view2, params)
        feats = {}
        for head1, head2 in self.head_pairs:
            feats[head1], feats[head2] = z1, z2
        return feats

    def _labels(self, feats: Tensor, head: nn.Module) -> Tensor:
        b, d, h, w = feats.shape
        pixels = feats.permute(0, 2, 3, 1).reshape(-1, d)
        labels, _ = assign_to_centroids(pixels, head.centroids)
        return labels.reshape(b, h, w)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """PiCIE's within/across cross-entropy on the two views (and on the
        auxiliary pair for "+H")."""
        if self._snapshot is None:
            raise RuntimeError(
                'PiCIE has no epoch-start snapshot: train it with a '
                "ClusteringHook(fit_on=('train_epoch',)) in custom_hooks.")
        with torch.no_grad():
            view1, view2, params = self.make_views(inputs, data_samples)
            labels = self._kept_labels(inputs, data_samples)
            if labels is None:
                labels = self._snapshot_labels(view1, view2, params)
            if self.views.reproduce_view1_jitter_bug:
                view1 = self.make_views(inputs, data_samples,
                                        jitter_view1=False)[0]
        z1, z2 = self._view_features(self._encoder(), view1, view2, params)
        losses = {}
        for name1, name2 in self.head_pairs:
            head1, head2 = getattr(self, name1), getattr(self, name2)
            within, across = picie_loss(z1, z2, labels[name1],
                                        labels[name2], head1, head2,
                                        self.class_weights(name1),
                                        self.class_weights(name2))
            suffix = '' if name1 == 'cluster_head' else '_aux'
            losses[f'loss_within{suffix}'] = within
            losses[f'loss_across{suffix}'] = across
        losses.update(self.extra_losses(z1, z2, params, data_samples))
        return losses

    def extra_losses(self, z1: Tensor, z2: Tensor, params: list,
                     data_samples: SampleList) -> dict:
        """Losses a subclass adds on the two views' features (PGG's
        image-level guidance); both are in view 1's geometry. None here."""
        return {}
