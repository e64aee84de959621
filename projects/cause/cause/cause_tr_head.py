"""CAUSE-TR: a transformer decoder layer queried by the concept clusterbook."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor, nn

from .cause_mlp_head import CAUSEMLPHead


@MODELS.register_module()
class CAUSETRHead(BaseModule):
    """One post-norm decoder layer whose queries are the features' concepts.

    Every token is replaced by its nearest concept of the clusterbook (the
    *discrete query*); the queries, plus a learned position embedding,
    attend to each other and then to the backbone tokens; a feed-forward
    block follows; the backbone tokens are added back and a
    :class:`CAUSEMLPHead` maps the result to the code (reference
    ``TRDecoder`` and ``Decoder`` in ``modules/segment_module.py``)::

        q = vq(f);  q = LN1(q + drop(SA(q + p, q + p, q)))
        q = LN2(q + drop(CA(q + p, f, f)));  q = LN3(q + drop(FFN(q)))
        code = MLPHead(f + q)

    The position embedding has one row per token, so the head works at one
    token grid only (``num_queries = (crop / patch)**2``: 1600 for a 320
    crop at patch 8, 529 for 322 at patch 14).

    Args:
        in_channels (int): Feature dimension.
        num_queries (int): Tokens per image (H * W of the feature map).
        code_dim (int): Code dimension. Defaults to 90.
        num_heads (int): Attention heads. Defaults to 1.
        feedforward_channels (int): FFN hidden size. Defaults to 2048.
        dropout (float): Dropout in the attention and FFN. Defaults to 0.1.
        code_dropout (float): Dropout of the MLP head. Defaults to 0.1.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int,
                 num_queries: int,
                 code_dim: int = 90,
                 num_heads: int = 1,
                 feedforward_channels: int = 2048,
                 dropout: float = 0.1,
                 code_dropout: float = 0.1,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.query_pos = nn.Parameter(torch.randn(num_queries, in_channels))
        self.self_attn = nn.MultiheadAttention(in_channels, num_heads,
                                               dropout=dropout)
        self.cross_attn = nn.MultiheadAttention(in_channels, num_heads,
                                                dropout=dropout)
        self.ffn = nn.Sequential(
            nn.Linear(in_channels, feedforward_channels), nn.ReLU(),
            nn.Dropout(dropout), nn.Linear(feedforward_channels,
                                           in_channels))
        self.norm1 = nn.LayerNorm(in_channels)
        self.norm2 = nn.LayerNorm(in_channels)
        self.norm3 = nn.LayerNorm(in_channels)
        self.dropout = nn.Dropout(dropout)
        self.code_head = CAUSEMLPHead(in_channels, code_dim, code_dropout)

    @property
    def num_queries(self) -> int:
        """Tokens per image the head accepts."""
        return self.query_pos.shape[0]

    @property
    def code_dim(self) -> int:
        """Output channels."""
        return self.code_head.code_dim

    def forward(self, feats: Tensor, concepts: Tensor) -> Tensor:
        """(B, C, H, W) features to (B, code_dim, H, W) codes.

        Args:
            feats (Tensor): Backbone feature map.
            concepts (Tensor): (K, C) clusterbook vectors.
        """
        batch, channels, height, width = feats.shape
        if height * width != self.num_queries:
            raise ValueError(
                f'CAUSETRHead has {self.num_queries} queries but the feature '
                f'map is {height}x{width}: train and test at the crop size '
                f'the config sets num_queries for.')
        memory = feats.flatten(2).permute(2, 0, 1)  # (N, B, C)
        nearest = (F.normalize(memory, dim=2)
                   @ F.normalize(concepts, dim=1).t()).argmax(dim=2)
        query = concepts[nearest]
        pos = self.query_pos.unsqueeze(1)
        attended = self.self_attn(query + pos, query + pos, query)[0]
        query = self.norm1(query + self.dropout(attended))
        attended = self.cross_attn(query + pos, memory, memory)[0]
        query = self.norm2(query + self.dropout(attended))
        query = self.norm3(query + self.dropout(self.ffn(query)))
        fused = (memory + query).permute(1, 2, 0).reshape(
            batch, channels, height, width)
        return self.code_head(fused)
