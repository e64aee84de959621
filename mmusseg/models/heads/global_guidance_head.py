"""The image-level classifier of pyramid global guidance (PGG)."""
from typing import Optional

from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor, nn

HEAD_TYPES = ('cam', 'mod')


@MODELS.register_module()
class GlobalGuidanceHead(BaseModule):
    """CAM-style classification of image regions into image-level clusters.

    The pixel features go through a 1x1 conv, are average-pooled over each
    region (the whole view, or the part of the view a pyramid crop covers)
    and classified into the ``num_classes`` image-level pseudo-label
    clusters ("Fully Self-Supervised Learning for Semantic Segmentation",
    section 4.2.2):

    - ``'cam'``: the classical CAM (Zhou et al., 2016),
      ``Cls(GAP(conv(F)))``; no non-linearity anywhere, so the logits are
      an affine function of the pooled features;
    - ``'mod'``: the paper's modified head, ``Cls(ReLU(L(GAP(conv(F)))))``:
      "a ReLU layer and a linear layer after the original output", the
      only non-linearity of the head.

    Args:
        in_channels (int): Pixel feature channels.
        num_classes (int): Number of image-level clusters (PGG's L).
        channels (int, optional): Conv (and hidden linear) width.
            Defaults to ``in_channels``.
        head_type (str): ``'cam'`` or ``'mod'``. Defaults to ``'mod'``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int,
                 num_classes: int,
                 channels: Optional[int] = None,
                 head_type: str = 'mod',
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        if head_type not in HEAD_TYPES:
            raise ValueError(f'GlobalGuidanceHead.head_type must be one of '
                             f'{HEAD_TYPES}, got {head_type!r}.')
        channels = channels or in_channels
        self.num_classes = num_classes
        self.head_type = head_type
        self.conv = nn.Conv2d(in_channels, channels, 1)
        if head_type == 'mod':
            self.summary = nn.Sequential(
                nn.Linear(channels, channels), nn.ReLU(inplace=True))
        self.classifier = nn.Linear(channels, num_classes)

    def forward(self, feats: Tensor, regions: Tensor) -> Tensor:
        """Classify every region of every image.

        Args:
            feats (Tensor): (B, C, h, w) pixel features.
            regions (Tensor): (B, R, h, w) region masks (0/1 or weights);
                an empty mask pools to a zero vector.

        Returns:
            Tensor: (B, R, num_classes) logits.
        """
        if regions.shape[-2:] != feats.shape[-2:]:
            raise ValueError(f'Region masks of size {tuple(regions.shape)} '
                             f'do not match features {tuple(feats.shape)}.')
        x = self.conv(feats)
        regions = regions.to(x.dtype)
        area = regions.flatten(2).sum(-1).clamp_min(1e-6)  # (B, R)
        pooled = regions.flatten(2) @ x.flatten(2).transpose(1, 2)
        pooled = pooled / area[..., None]  # (B, R, C)
        if self.head_type == 'mod':
            pooled = self.summary(pooled)
        return self.classifier(pooled)
