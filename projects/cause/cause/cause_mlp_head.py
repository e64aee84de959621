"""CAUSE-MLP: STEGO's two-branch head with element-wise dropout."""
from typing import Optional

from mmseg.registry import MODELS
from torch import Tensor, nn

from mmusseg.models.heads import STEGOHead


@MODELS.register_module()
class CAUSEMLPHead(STEGOHead):
    """code = Conv1x1(drop(f)) + Conv1x1(ReLU(Conv1x1(drop(f)))).

    The branches of :class:`mmusseg.models.heads.STEGOHead`, with CAUSE's
    dropout: element-wise (``nn.Dropout``, not ``Dropout2d``) and drawn
    independently for each branch (reference ``HeadSegment`` in
    ``modules/segment_module.py``). Dropout acts in training mode only, for
    the student and for the EMA teacher alike.

    Args:
        in_channels (int): Feature dimension (384 ViT-S, 768 ViT-B).
        code_dim (int): Code dimension. CAUSE uses 90. Defaults to 90.
        dropout (float): Dropout probability. Defaults to 0.1.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int,
                 code_dim: int = 90,
                 dropout: float = 0.1,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(in_channels, code_dim, dropout, init_cfg)
        self.dropout = nn.Dropout(dropout)

    @property
    def code_dim(self) -> int:
        """Output channels."""
        return self.linear.out_channels

    def forward(self, feats: Tensor, concepts: Optional[Tensor] = None
                ) -> Tensor:
        """(B, C, H, W) features to (B, code_dim, H, W) codes.

        Args:
            feats (Tensor): Backbone feature map.
            concepts (Tensor, optional): Unused (the TR head's clusterbook
                argument, accepted so both heads are called alike).
        """
        return self.linear(self.dropout(feats)) + self.nonlinear(
            self.dropout(feats))
