"""The k-means baseline: cluster the features of a fixed network."""
from typing import Dict, Optional

import torch.nn.functional as F
from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig, SampleList
from torch import Tensor, nn

from ..necks.image_conditioned import ImageConditionedNeck
from .base_unsupervised import BaseUnsupervisedSegmentor
from .clusterable import ClusterableMixin


@MODELS.register_module()
class ClusterSegmentor(BaseUnsupervisedSegmentor, ClusterableMixin):
    """Backbone (+ neck) features classified by a non-parametric cluster head.

    This is the "cluster the features" row of every unsupervised
    segmentation table: nothing is trained by gradient descent. A
    :class:`mmusseg.engine.hooks.ClusteringHook` runs k-means over the pixel
    features of the train set and writes the centroids into
    ``cluster_head``; at test time each pixel takes its nearest centroid and
    the Hungarian metric matches clusters to classes. Train it with
    ``train_cfg=dict(type='NonParametricTrainLoop')``.

    It implements :class:`ClusterableMixin`, the clustering hook's
    contract: :attr:`cluster_heads` (the heads whose centroids are fitted,
    by name) and :meth:`cluster_features` (the features each head clusters,
    by the same names).

    Args:
        backbone (dict): Backbone config, e.g. mmseg's ``ResNetV1c``.
        cluster_head (dict): A :class:`mmusseg.models.heads.ClusterHead`
            config; its ``channels`` must match the feature dimension.
        neck (dict, optional): Neck config, e.g.
            :class:`mmusseg.models.necks.LateralFPN`. Defaults to None.
        feature_index (int): Which level of the backbone/neck output tuple
            is clustered. Defaults to 0 (the finest).
        normalize_features (bool): L2-normalise pixel features before
            clustering and classification, as PiCIE does. Defaults to True.
        test_cfg (dict, optional): Test-time refinement, see
            :class:`BaseUnsupervisedSegmentor`. Defaults to None.
        data_preprocessor (dict, optional): ``SegDataPreProcessor`` config.
        init_cfg (dict, optional): Initialisation config, e.g. a
            ``Pretrained`` checkpoint for the backbone.
    """

    def __init__(self,
                 backbone: ConfigType,
                 cluster_head: ConfigType,
                 neck: OptConfigType = None,
                 feature_index: int = 0,
                 normalize_features: bool = True,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.cluster_head = MODELS.build(cluster_head)
        self.feature_index = feature_index
        self.normalize_features = normalize_features

    @property
    def cluster_heads(self) -> Dict[str, nn.Module]:
        """dict[str, ClusterHead]: The heads a ClusteringHook fits."""
        return {'cluster_head': self.cluster_head}

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """Dense (B, D, h, w) pixel features of the selected level."""
        return self.encode_with(self.backbone, self.neck, inputs)

    def encode_with(self, backbone: nn.Module, neck: Optional[nn.Module],
                    inputs: Tensor) -> Tensor:
        """:meth:`extract_feat` with another backbone and neck (e.g. a
        frozen snapshot of this model's). A neck that is an
        :class:`ImageConditionedNeck` (the context-aware embedding) also
        receives the inputs."""
        feats = backbone(inputs)
        if neck is not None:
            feats = (neck(feats, inputs) if isinstance(
                neck, ImageConditionedNeck) else neck(feats))
        if isinstance(feats, (list, tuple)):
            feats = feats[self.feature_index]
        if self.normalize_features:
            feats = F.normalize(feats, dim=1)
        return feats

    def cluster_features(self,
                         inputs: Tensor,
                         data_samples: SampleList,
                         training_views: bool = False) -> Dict[str, Tensor]:
        """Features to cluster for each head in :attr:`cluster_heads`.

        The baseline has no training views: both modes cluster the images.
        """
        return {'cluster_head': self.extract_feat(inputs)}

    def encode_decode(self, inputs: Tensor,
                      batch_data_samples: SampleList) -> Tensor:
        """Cluster logits, bilinearly upsampled to the input size."""
        logits = self.cluster_head(self.extract_feat(inputs))
        return F.interpolate(
            logits, size=inputs.shape[-2:], mode='bilinear',
            align_corners=self.align_corners)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """ClusterSegmentor has no loss: it is fitted by a ClusteringHook."""
        raise RuntimeError(
            'ClusterSegmentor has no trainable loss. Use '
            "train_cfg=dict(type='NonParametricTrainLoop') with a "
            'ClusteringHook in custom_hooks, as in configs/kmeans/.')
