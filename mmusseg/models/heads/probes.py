"""STEGO's probes, trained on the detached code next to the head."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor, nn


@MODELS.register_module()
class ClusterProbe(BaseModule):
    """Learnable centroids with hard assignment: gradient spherical k-means.

    Each pixel is assigned to its most cosine-similar centroid; the loss
    ``-mean_pixels Σ_k onehot_k · cos(code, μ_k)`` pulls every centroid
    towards the codes assigned to it. Unsupervised: it uses no label.

    Args:
        channels (int): Code dimension.
        num_clusters (int): K.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self, channels: int, num_clusters: int,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_clusters = num_clusters
        self.centroids = nn.Parameter(torch.randn(num_clusters, channels))

    def forward(self, code: Tensor) -> Tuple[Tensor, Tensor]:
        """Cosine logits (B, K, H, W) and the clustering loss."""
        logits = torch.einsum('bchw,kc->bkhw', F.normalize(code, dim=1),
                              F.normalize(self.centroids, dim=1))
        onehot = F.one_hot(logits.argmax(1), self.num_clusters).permute(
            0, 3, 1, 2).to(logits.dtype)
        loss = -(onehot * logits).sum(1).mean()
        return logits, loss


@MODELS.register_module()
class LinearProbe(BaseModule):
    """A 1x1 convolution from the code to the classes, trained with labels.

    This is the *supervised* evaluation protocol of STEGO ("linear probe"):
    its scores measure how much the code linearly encodes the classes and
    must be reported as supervised, never as unsupervised segmentation.

    Args:
        channels (int): Code dimension.
        num_classes (int): Number of classes.
        ignore_index (int): Label to ignore. Defaults to 255.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self, channels: int, num_classes: int,
                 ignore_index: int = 255,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.ignore_index = ignore_index
        self.classifier = nn.Conv2d(channels, num_classes, 1)

    def forward(self, code: Tensor,
                labels: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        """Class logits (B, C, H, W) and, with (B, H', W') labels, the CE
        at the labels' resolution (zero without labels)."""
        logits = self.classifier(code)
        if labels is None:
            return logits, logits.new_zeros(())
        upsampled = F.interpolate(logits, size=labels.shape[-2:],
                                  mode='bilinear', align_corners=False)
        valid = labels != self.ignore_index
        if not valid.any():
            return logits, logits.sum() * 0
        return logits, F.cross_entropy(upsampled, labels.long(),
                                       ignore_index=self.ignore_index)
