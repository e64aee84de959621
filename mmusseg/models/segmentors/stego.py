"""STEGO: distilling feature correspondences (Hamilton et al., ICLR 2022)."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import (ConfigType, OptConfigType, OptMultiConfig,
                         OptSampleList, SampleList)
from torch import Tensor

from ..heads import ClusterProbe, LinearProbe
from ..utils.dense_crf import stego_crf_image
from .base_unsupervised import BaseUnsupervisedSegmentor

CRF_IMAGES = ('bgr_truncated', 'rgb')


def feature_dropout(feats: Tensor, p: float) -> Tensor:
    """Dropout2d (always active) on (B, C, h, w) features.

    The (B, C) mask is drawn by ``F.dropout2d`` on CPU, from torch's CPU
    generator whatever the device of ``feats``: the KNN pass restores that
    generator's state, so building the KNN table or loading it from the
    cache leaves training's random numbers alike.
    """
    if p == 0:
        return feats
    scale = F.dropout2d(
        torch.ones(feats.shape[:2] + (1, 1), dtype=feats.dtype), p,
        training=True)
    return feats * scale.to(feats.device)


@MODELS.register_module()
class STEGO(BaseUnsupervisedSegmentor):
    """A segmentation head trained on a frozen backbone's correspondences.

    Training: the frozen backbone (e.g. DINO, ``FrozenVisionTransformer``)
    gives features ``f`` of each image and ``f'`` of its KNN partner
    (``data_samples[i].knn_inputs``, from
    :class:`mmusseg.datasets.KNNPairDataset`); the head maps them to codes
    and :class:`mmusseg.models.losses.CorrespondenceLoss` distils the
    feature correspondences into the codes. A :class:`ClusterProbe`
    (unsupervised) and, when ``num_classes`` is given, a
    :class:`LinearProbe` (supervised: it uses the training labels) are
    trained at the same time on the detached code.

    As in mhamilton723/STEGO (``src/modules.py``, ``DinoFeaturizer`` in
    train mode with ``dropout: True``), the features that the loss
    correlates are Dropout2d(``loss_feature_dropout``) features, and so are
    the features of the KNN table (``src/precompute_knns.py`` never puts the
    featurizer in eval mode). Order of the dropout draws per image: the
    head's two branches, then the loss features; image before partner.

    Prediction: the cluster probe's cosine logits (``test_cfg.crf`` applies
    DenseCRF to ``softmax(2 * cos)``, STEGO's ``log_softmax(2 * cos)``
    unaries). With ``test_cfg.flip`` the *code* is averaged with the code of
    the flipped image, as STEGO does, rather than the logits. With a linear
    probe, predictions also carry ``pred_linear_sem_seg`` (the supervised
    protocol). STEGO-specific ``test_cfg`` keys, defaults as
    ``src/eval_segmentation.py``:

    - ``upsample_code`` (bool): upsample the code (bilinear) to the input
      size before the probes, so cosines are taken at full resolution
      (True), or upsample the probes' logits (False). Defaults to True.
    - ``linear_crf`` (bool): refine the linear probe with the same CRF
      (unaries ``softmax`` of its logits). Defaults to True.
    - ``crf_image`` (str): the image given to the CRF's bilateral kernel:
      ``'bgr_truncated'`` (STEGO's: BGR, through its [0, 1] normalise /
      unnormalise round trip and truncated to uint8, see
      :func:`mmusseg.models.utils.dense_crf.stego_crf_image`) or ``'rgb'``
      (the input image, rounded). Defaults to ``'bgr_truncated'``.

    Args:
        backbone (dict): A frozen backbone returning a one-level tuple.
        head (dict): A :class:`STEGOHead` config.
        loss (dict): A :class:`CorrespondenceLoss` config.
        num_clusters (int): Clusters of the cluster probe.
        num_classes (int, optional): Classes of the linear probe; None
            trains none. Defaults to None.
        loss_feature_dropout (float): Dropout2d probability on the features
            that the loss correlates. Defaults to 0.1 (STEGO's).
        knn_feature_dropout (float): Dropout2d probability on the features
            of the KNN table (:meth:`knn_features`). Defaults to 0.1.
        test_cfg (dict, optional): ``flip``, ``crf``, ``logit_scale``
            (Defaults to STEGO's 2) and the keys above.
        data_preprocessor (dict, optional): ``SegDataPreProcessor`` config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 loss: ConfigType,
                 num_clusters: int,
                 num_classes: Optional[int] = None,
                 loss_feature_dropout: float = 0.1,
                 knn_feature_dropout: float = 0.1,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        test_cfg = dict(test_cfg or {})
        self_cfg = dict(upsample_code=test_cfg.pop('upsample_code', True),
                        linear_crf=test_cfg.pop('linear_crf', True),
                        crf_image=test_cfg.pop('crf_image', 'bgr_truncated'))
        if self_cfg['crf_image'] not in CRF_IMAGES:
            raise ValueError(f'STEGO test_cfg.crf_image must be one of '
                             f'{CRF_IMAGES}, got {self_cfg["crf_image"]!r}.')
        for name, p in (('loss_feature_dropout', loss_feature_dropout),
                        ('knn_feature_dropout', knn_feature_dropout)):
            if not 0 <= p < 1:
                raise ValueError(f'STEGO.{name} must be in [0, 1), got {p}.')
        super().__init__(
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.head = MODELS.build(head)
        self.correspondence_loss = MODELS.build(loss)
        code_dim = self.head.linear.out_channels
        self.cluster_probe = ClusterProbe(code_dim, num_clusters)
        self.linear_probe = (LinearProbe(code_dim, num_classes)
                             if num_classes else None)
        # STEGO averages codes, not logits, over the flip
        self.flip_code, self.flip_test = self.flip_test, False
        self.upsample_code = bool(self_cfg['upsample_code'])
        self.linear_crf = bool(self_cfg['linear_crf'])
        self.crf_image = self_cfg['crf_image']
        self.loss_feature_dropout = loss_feature_dropout
        self.knn_feature_dropout = knn_feature_dropout

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """The frozen backbone's (B, C, h, w) feature map."""
        feats = self.backbone(inputs)
        return feats[-1] if isinstance(feats, (list, tuple)) else feats

    def knn_features(self, inputs: Tensor) -> Tensor:
        """Global-average-pooled, L2-normalised features (KNN tables),
        after Dropout2d(``knn_feature_dropout``)."""
        feats = feature_dropout(self.extract_feat(inputs),
                                self.knn_feature_dropout)
        return F.normalize(feats.mean((2, 3)), dim=1)

    def code(self, inputs: Tensor) -> Tensor:
        """(B, D, h, w) codes, flip-averaged when ``test_cfg.flip``."""
        code = self.head(self.extract_feat(inputs))
        if self.flip_code and not self.training:
            code = (code + self.head(self.extract_feat(
                inputs.flip(-1))).flip(-1)) / 2
        return code

    def _upsampled(self, logits: Tensor, inputs: Tensor) -> Tensor:
        return F.interpolate(logits, size=inputs.shape[-2:],
                             mode='bilinear', align_corners=False)

    def _probe_logits(self, probe, code: Tensor, inputs: Tensor) -> Tensor:
        """A probe's logits at the input resolution (``upsample_code``:
        computed on the upsampled code)."""
        if self.upsample_code:
            return probe(self._upsampled(code, inputs))[0]
        return self._upsampled(probe(code)[0], inputs)

    def _unnormalise(self, inputs: Tensor) -> Tensor:
        """The CRF's (B, H, W, 3) uint8 image (``test_cfg.crf_image``)."""
        rgb = super()._unnormalise(inputs)
        return stego_crf_image(rgb) if self.crf_image == 'bgr_truncated' \
            else rgb

    def encode_decode(self, inputs: Tensor,
                      batch_data_samples: SampleList) -> Tensor:
        """The cluster probe's cosine logits at the input resolution."""
        return self._probe_logits(self.cluster_probe, self.code(inputs),
                                  inputs)

    def predict(self,
                inputs: Tensor,
                data_samples: OptSampleList = None) -> SampleList:
        """Cluster-probe prediction (``pred_sem_seg``, refined by the CRF
        when configured) and, with a linear probe, its prediction in
        ``pred_linear_sem_seg`` (the supervised protocol, scored by
        :class:`mmusseg.evaluation.LinearProbeIoUMetric`; refined by the
        CRF too with ``linear_crf``)."""
        code = self.code(inputs)
        logits = self._probe_logits(self.cluster_probe, code, inputs)
        samples = self.postprocess_result(self.refine(logits, inputs),
                                          data_samples)
        if self.linear_probe is not None:
            linear = self._probe_logits(self.linear_probe, code, inputs)
            if self.crf is not None and self.linear_crf:
                refined = self.crf(self._unnormalise(inputs),
                                   torch.softmax(linear, dim=1))
                linear = refined.clamp_min(1e-8).log()
            plain = [SegDataSample(metainfo=s.metainfo) for s in samples]
            for sample, result in zip(
                    samples, self.postprocess_result(linear, plain)):
                sample.pred_linear_sem_seg = result.pred_sem_seg
        return samples

    def _partner_inputs(self, inputs: Tensor,
                        data_samples: SampleList) -> Tensor:
        if any('knn_inputs' not in s for s in data_samples):
            raise KeyError('STEGO needs each sample\'s KNN partner '
                           '(knn_inputs): wrap the train set in '
                           'KNNPairDataset and add a KNNHook.')
        partners = self.data_preprocessor(
            dict(inputs=[s.knn_inputs for s in data_samples]),
            False)['inputs']
        pad_h = inputs.shape[-2] - partners.shape[-2]
        pad_w = inputs.shape[-1] - partners.shape[-1]
        return F.pad(partners, (0, pad_w, 0, pad_h))

    def _features_and_code(self, inputs: Tensor) -> Tuple[Tensor, Tensor]:
        """The loss's (dropped-out) features and the head's code."""
        feats = self.extract_feat(inputs)
        code = self.head(feats)
        return feature_dropout(feats, self.loss_feature_dropout), code

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """Correspondence loss plus the probes' losses."""
        partners = self._partner_inputs(inputs, data_samples)
        feats, code = self._features_and_code(inputs)
        feats_knn, code_knn = self._features_and_code(partners)
        losses = self.correspondence_loss(feats, feats_knn, code, code_knn)
        detached = code.detach()
        _, losses['loss_cluster_probe'] = self.cluster_probe(detached)
        if self.linear_probe is not None and all('gt_sem_seg' in s
                                                 for s in data_samples):
            labels = torch.stack(
                [s.gt_sem_seg.data[0] for s in data_samples])
            _, losses['loss_linear_probe'] = self.linear_probe(
                detached, labels)
        return losses
