"""STEGO's segmentation head: backbone features to a low-dimensional code."""
from typing import Optional

from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor, nn


@MODELS.register_module()
class STEGOHead(BaseModule):
    """code = Conv1x1(drop(f)) + Conv1x1(ReLU(Conv1x1(drop(f)))).

    A linear and a non-linear branch on the frozen backbone's feature map,
    with 2D dropout on the input of both; STEGO trains it with
    :class:`mmusseg.models.losses.CorrespondenceLoss`. As in
    mhamilton723/STEGO (``src/modules.py``, ``DinoFeaturizer.forward``),
    each branch draws its own dropout mask, the linear branch first.

    Args:
        in_channels (int): Backbone feature dimension (384 for ViT-S,
            768 for ViT-B).
        code_dim (int): Code dimension. STEGO uses 70 (its released
            Cityscapes checkpoint: 100). Defaults to 70.
        dropout (float): Dropout2d probability. Defaults to 0.1.
        shared_dropout_mask (bool): Give both branches one dropout mask
            instead of one each (STEGO's). Defaults to False.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int,
                 code_dim: int = 70,
                 dropout: float = 0.1,
                 shared_dropout_mask: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if in_channels < 1 or code_dim < 1:
            raise ValueError(f'STEGOHead needs positive in_channels and '
                             f'code_dim, got {in_channels}, {code_dim}.')
        self.dropout = nn.Dropout2d(dropout)
        self.shared_dropout_mask = shared_dropout_mask
        self.linear = nn.Conv2d(in_channels, code_dim, 1)
        self.nonlinear = nn.Sequential(
            nn.Conv2d(in_channels, in_channels, 1), nn.ReLU(),
            nn.Conv2d(in_channels, code_dim, 1))

    def forward(self, feats: Tensor) -> Tensor:
        """(B, C, H, W) features to (B, code_dim, H, W) codes."""
        if self.shared_dropout_mask:
            dropped = self.dropout(feats)
            return self.linear(dropped) + self.nonlinear(dropped)
        linear = self.linear(self.dropout(feats))
        return linear + self.nonlinear(self.dropout(feats))
