"""Panoptic-FPN-style decoder: 1x1 laterals with top-down upsample-and-add."""
from typing import Optional, Sequence, Tuple

import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class LateralFPN(BaseModule):
    """Merge a feature pyramid into one map at the finest level.

    This is the decoder of PiCIE (Cho et al., CVPR 2021): each backbone level
    goes through a 1x1 lateral convolution to ``out_channels``, then the
    coarser map is bilinearly upsampled and added to the next finer one, down
    to the first input level (stride 4 for a ResNet). Unlike mmseg's ``FPN``
    neck there is no 3x3 output convolution and only one output.

    Args:
        in_channels (Sequence[int]): Channels of each input level, finest
            first (e.g. ``[64, 128, 256, 512]`` for ResNet-18).
        out_channels (int): Output channels. PiCIE uses 128 for R18 and 256
            for R50.
        norm_cfg (dict, optional): Norm layer after each lateral conv.
            Defaults to None (plain conv with bias, as in PiCIE).
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 in_channels: Sequence[int],
                 out_channels: int,
                 norm_cfg: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = list(in_channels)
        self.out_channels = out_channels
        self.laterals = nn.ModuleList(
            ConvModule(c, out_channels, 1, norm_cfg=norm_cfg, act_cfg=None)
            for c in self.in_channels)

    def forward(self, inputs: Sequence[Tensor]) -> Tuple[Tensor]:
        """Fuse the pyramid.

        Args:
            inputs (Sequence[Tensor]): Backbone outputs, finest first.

        Returns:
            tuple[Tensor]: One (B, out_channels, H, W) map at the resolution
            of ``inputs[0]``.
        """
        if len(inputs) != len(self.laterals):
            raise ValueError(
                f'LateralFPN was built for {len(self.laterals)} levels but '
                f'received {len(inputs)}; check backbone.out_indices against '
                f'neck.in_channels.')
        out = self.laterals[-1](inputs[-1])
        for lateral, feat in zip(self.laterals[-2::-1], inputs[-2::-1]):
            out = F.interpolate(
                out, size=feat.shape[-2:], mode='bilinear',
                align_corners=False) + lateral(feat)
        return (out, )
