"""STEGO: distilling feature correspondences (Hamilton et al., ICLR 2022)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import (ConfigType, OptConfigType, OptMultiConfig,
                         OptSampleList, SampleList)
from torch import Tensor

from ..heads import ClusterProbe, LinearProbe
from .base_unsupervised import BaseUnsupervisedSegmentor


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

    Prediction: the cluster probe's cosine logits, upsampled bilinearly
    (``test_cfg.crf`` applies DenseCRF to ``softmax(2 * cos)``, STEGO's
    ``log_softmax(2 * cos)`` unaries). With ``test_cfg.flip`` the *code* is
    averaged with the code of the flipped image, as STEGO does, rather
    than the logits. With a linear probe, predictions also carry
    ``pred_linear_sem_seg`` (the supervised protocol).

    Args:
        backbone (dict): A frozen backbone returning a one-level tuple.
        head (dict): A :class:`STEGOHead` config.
        loss (dict): A :class:`CorrespondenceLoss` config.
        num_clusters (int): Clusters of the cluster probe.
        num_classes (int, optional): Classes of the linear probe; None
            trains none. Defaults to None.
        test_cfg (dict, optional): ``flip``, ``crf``, ``logit_scale``
            (Defaults to STEGO's 2).
        data_preprocessor (dict, optional): ``SegDataPreProcessor`` config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 loss: ConfigType,
                 num_clusters: int,
                 num_classes: Optional[int] = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
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

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """The frozen backbone's (B, C, h, w) feature map."""
        feats = self.backbone(inputs)
        return feats[-1] if isinstance(feats, (list, tuple)) else feats

    def knn_features(self, inputs: Tensor) -> Tensor:
        """Global-average-pooled, L2-normalised features (KNN tables)."""
        return F.normalize(self.extract_feat(inputs).mean((2, 3)), dim=1)

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

    def encode_decode(self, inputs: Tensor,
                      batch_data_samples: SampleList) -> Tensor:
        """The cluster probe's cosine logits at the input resolution."""
        return self._upsampled(self.cluster_probe(self.code(inputs))[0],
                               inputs)

    def predict(self,
                inputs: Tensor,
                data_samples: OptSampleList = None) -> SampleList:
        """Cluster-probe prediction (``pred_sem_seg``, refined by the CRF
        when configured) and, with a linear probe, its prediction in
        ``pred_linear_sem_seg`` (the supervised protocol, scored by
        :class:`mmusseg.evaluation.LinearProbeIoUMetric`)."""
        code = self.code(inputs)
        logits = self._upsampled(self.cluster_probe(code)[0], inputs)
        samples = self.postprocess_result(self.refine(logits, inputs),
                                          data_samples)
        if self.linear_probe is not None:
            linear = self._upsampled(self.linear_probe(code)[0], inputs)
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

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """Correspondence loss plus the probes' losses."""
        partners = self._partner_inputs(inputs, data_samples)
        feats = self.extract_feat(inputs)
        feats_knn = self.extract_feat(partners)
        code, code_knn = self.head(feats), self.head(feats_knn)
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
