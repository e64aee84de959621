"""Context-aware embedding (CAE) of "Fully Self-Supervised Learning for
Semantic Segmentation": pixel self-attention whose affinity mixes CNN
features with colour and position kernels on the raw image."""
import math
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor, nn

from .image_conditioned import ImageConditionedNeck

AFFINITIES = ('both', 'raw', 'feature')


@MODELS.register_module()
class ContextAwareEmbedding(BaseModule, ImageConditionedNeck):
    """Refine a decoder's pixel features with affinity-weighted neighbours.

    The wrapped ``fpn`` (PiCIE's :class:`LateralFPN`) gives a map ``F``.
    ``F`` and the network's input image are average-pooled to
    ``1/attention_stride`` (1/16, the paper's setting), where every pixel
    ``i`` attends to every pixel ``j`` with weight
    ``a_ij = softmax_j(s_ij)``::

        feature:  s_ij = cos(F_i, F_j) / feature_temperature
        raw:      s_ij = log(w_a exp(-|p_i-p_j|^2 / 2 theta_a^2
                                     -|I_i-I_j|^2 / 2 theta_b^2)
                             + w_s exp(-|p_i-p_j|^2 / 2 theta_g^2))
        both:     the sum of the two (the kernels multiply the feature
                  attention)

    with positions ``p`` in units of the longer image side and colours
    ``I`` in the network's input normalisation. The two Gaussian kernels
    are DenseCRF's appearance and smoothness kernels; their weights and
    bandwidths are learnable (log-parametrised to stay positive), as in
    the paper. The context ``sum_j a_ij F_j`` is bilinearly upsampled to
    ``1/out_stride`` (1/8), added to ``F`` resampled there, and projected
    by a 1x1 conv. Our reading of the paper (its equations are not in the
    text we have): the projector is one linear map shared by the FPN
    feature and the context, so ``out = P(F + up(context))``; the feature
    temperature is our choice.

    The forward takes the image as well (:class:`ImageConditionedNeck`),
    which :meth:`ClusterSegmentor.encode_with` passes.

    Args:
        fpn (dict): The decoder config, e.g. ``LateralFPN``.
        channels (int): Channels of the decoder output and of this neck's.
        affinity (str): ``'both'`` (default), ``'raw'`` (colour and
            position only) or ``'feature'`` (CNN features only).
        attention_stride (int): Stride of the attention grid. Defaults to
            16.
        out_stride (int): Stride of the output. Defaults to 8.
        feature_temperature (float): Temperature of the cosine affinity.
            Defaults to 0.1.
        appearance_weight (float): Initial ``w_a``. Defaults to 1.
        smoothness_weight (float): Initial ``w_s``. Defaults to 1.
        appearance_position_bandwidth (float): Initial ``theta_a``, in
            units of the longer image side. Defaults to 0.3.
        colour_bandwidth (float): Initial ``theta_b``, in units of the
            input normalisation (about one ImageNet std). Defaults to 0.5.
        smoothness_bandwidth (float): Initial ``theta_g``. Defaults to 0.1.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 fpn: dict,
                 channels: int,
                 affinity: str = 'both',
                 attention_stride: int = 16,
                 out_stride: int = 8,
                 feature_temperature: float = 0.1,
                 appearance_weight: float = 1.0,
                 smoothness_weight: float = 1.0,
                 appearance_position_bandwidth: float = 0.3,
                 colour_bandwidth: float = 0.5,
                 smoothness_bandwidth: float = 0.1,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if affinity not in AFFINITIES:
            raise ValueError(f'ContextAwareEmbedding.affinity must be one of '
                             f'{AFFINITIES}, got {affinity!r}.')
        if attention_stride < out_stride:
            raise ValueError(
                f'attention_stride ({attention_stride}) must not be finer '
                f'than out_stride ({out_stride}).')
        self.fpn = MODELS.build(fpn)
        self.affinity = affinity
        self.attention_stride = attention_stride
        self.out_stride = out_stride
        self.feature_temperature = feature_temperature
        self.projector = nn.Conv2d(channels, channels, 1)
        if affinity != 'feature':
            def log_param(value: float) -> nn.Parameter:
                return nn.Parameter(torch.tensor(math.log(value)))

            self.log_appearance_weight = log_param(appearance_weight)
            self.log_smoothness_weight = log_param(smoothness_weight)
            self.log_theta_alpha = log_param(appearance_position_bandwidth)
            self.log_theta_beta = log_param(colour_bandwidth)
            self.log_theta_gamma = log_param(smoothness_bandwidth)

    def _raw_logits(self, image: Tensor) -> Tensor:
        """log of the appearance + smoothness kernels, (B, N, N)."""
        b, _, h, w = image.shape
        ys = (torch.arange(h, device=image.device) + 0.5) / max(h, w)
        xs = (torch.arange(w, device=image.device) + 0.5) / max(h, w)
        pos = torch.stack(torch.meshgrid(ys, xs, indexing='ij'), -1)
        pos = pos.reshape(1, h * w, 2).to(image.dtype)
        pos_sq = torch.cdist(pos, pos).pow(2)  # (1, N, N)
        colour = image.flatten(2).transpose(1, 2)  # (B, N, 3)
        colour_sq = torch.cdist(colour, colour).pow(2)
        appearance = (self.log_appearance_weight -
                      pos_sq / (2 * (2 * self.log_theta_alpha).exp()) -
                      colour_sq / (2 * (2 * self.log_theta_beta).exp()))
        smoothness = (self.log_smoothness_weight -
                      pos_sq / (2 * (2 * self.log_theta_gamma).exp()))
        return torch.logaddexp(appearance, smoothness.expand_as(appearance))

    def attention(self, feats: Tensor, image: Tensor) -> Tensor:
        """Row-stochastic (B, N, N) attention of the pooled grid."""
        logits = 0
        if self.affinity != 'raw':
            flat = F.normalize(feats.flatten(2), dim=1)
            logits = flat.transpose(1, 2) @ flat / self.feature_temperature
        if self.affinity != 'feature':
            logits = logits + self._raw_logits(image)
        return logits.softmax(dim=-1)

    def forward(self, inputs: Sequence[Tensor],
                image: Tensor) -> Tuple[Tensor]:
        """Decode ``inputs`` (backbone levels) and refine with ``image``.

        Args:
            inputs (Sequence[Tensor]): Backbone outputs, finest first.
            image (Tensor): (B, 3, H, W) network input.

        Returns:
            tuple[Tensor]: One (B, channels, H/out_stride, W/out_stride)
            map.
        """
        feats = self.fpn(inputs)
        feats = feats[0] if isinstance(feats, (list, tuple)) else feats
        height, width = image.shape[-2:]

        def grid(stride: int) -> Tuple[int, int]:
            return max(1, height // stride), max(1, width // stride)

        coarse = grid(self.attention_stride)
        pooled = F.adaptive_avg_pool2d(feats, coarse)
        pooled_image = F.adaptive_avg_pool2d(image.to(feats.dtype), coarse)
        attn = self.attention(pooled, pooled_image)
        b, c = pooled.shape[:2]
        context = (pooled.flatten(2) @ attn.transpose(1, 2)).reshape(
            b, c, *coarse)
        out_size = grid(self.out_stride)
        if tuple(feats.shape[-2:]) == out_size:
            base = feats
        elif feats.shape[-2] > out_size[0]:
            base = F.adaptive_avg_pool2d(feats, out_size)
        else:
            base = F.interpolate(feats, size=out_size, mode='bilinear',
                                 align_corners=False)
        context = F.interpolate(context, size=out_size, mode='bilinear',
                                align_corners=False)
        return (self.projector(base + context), )
