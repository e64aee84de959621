"""PASS stage 2: a foreground attention on frozen stage-1 features."""
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmseg.registry import MODELS
from torch import Tensor

from ..losses import MultiCropSwAV
from ..utils import PixelAttention, SwAVProjector


@MODELS.register_module()
class PASSPixelAttention(BaseModel):
    """Pixel attention trained with SwAV on attention-pooled embeddings.

    The last-stage features are upsampled ``upsample`` times (stride 8 for
    a stride-32 ResNet), L2-normalised and gated by a
    :class:`mmusseg.models.utils.PixelAttention`; the gated map is average
    pooled, projected and trained with SwAV. Only the attention and the
    prototypes learn: the backbone and projector come from stage 1 (load
    its checkpoint through ``init_cfg=dict(type='Pretrained', ...)``) and
    get no gradient. As in the reference, their BatchNorm layers stay in
    train mode.

    The later stages use :meth:`image_embedding` (clustering) and
    :meth:`foreground` (pseudo-labels).

    Args:
        backbone (dict): A ResNet config whose last output is stage 4.
        channels (int): Its channels (512 for ResNet-18, 2048 ResNet-50).
        hidden_dim (int): Projector width, as in stage 1.
        feat_dim (int): Embedding dimension. Defaults to 128.
        upsample (int): Upsampling factor of the features. Defaults to 4.
        swav (dict): :class:`mmusseg.models.losses.MultiCropSwAV` arguments
            other than ``feat_dim``.
        data_preprocessor (dict, optional): Data preprocessor config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: dict,
                 channels: int = 512,
                 hidden_dim: int = 512,
                 feat_dim: int = 128,
                 upsample: int = 4,
                 swav: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.projector = SwAVProjector(channels, hidden_dim, feat_dim)
        self.attention = PixelAttention(channels)
        self.swav = MultiCropSwAV(feat_dim=feat_dim, **(swav or {}))
        self.upsample = upsample
        for module in (self.backbone, self.projector):
            module.requires_grad_(False)

    def dense(self, inputs: Tensor) -> Tuple[Tensor, Tensor]:
        """Upsampled (B, C, h, w) features (not normalised) and their
        (B, C, h, w) attention gates."""
        features = self.backbone(inputs)[-1]
        features = F.interpolate(
            features, scale_factor=self.upsample, mode='bilinear',
            align_corners=False)
        return features, self.attention(F.normalize(features, dim=1))

    def image_embedding(self, inputs: Tensor) -> Tensor:
        """(B, C) attention-pooled features, PASS's clustering input (the
        reference pools the un-normalised features here)."""
        features, gates = self.dense(inputs)
        return (features * gates).mean((2, 3))

    def foreground(self, inputs: Tensor) -> Tuple[Tensor, Tensor]:
        """Dense (B, C, h, w) features and the (B, h, w) foreground map:
        the gates averaged over channels."""
        features, gates = self.dense(inputs)
        return features, gates.mean(1)

    def forward(self,
                inputs,
                data_samples: Optional[list] = None,
                mode: str = 'tensor'):
        """``loss`` on the list of crops, or the ``tensor`` foreground
        output of one batch."""
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'tensor':
            return self.foreground(inputs)
        raise RuntimeError(f'PASSPixelAttention has no {mode!r} mode.')

    def loss(self, inputs: List[Tensor],
             data_samples: list) -> Dict[str, Tensor]:
        """SwAV loss of the attention-pooled embeddings of every crop."""
        self.swav.normalize_prototypes()
        batch = inputs[0].shape[0]
        features, gates = self.dense(torch.cat(inputs))
        pooled = (F.normalize(features, dim=1) * gates).mean((2, 3))
        embeddings = F.normalize(self.projector(pooled), dim=1)
        loss, _ = self.swav(embeddings, batch)
        return dict(loss_swav=loss)
