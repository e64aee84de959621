"""PASS's pixel attention: a foreground gate on normalised features."""
import torch
from torch import Tensor, nn

from .projection import kaiming_init_convs


class PixelAttention(nn.Module):
    """``sigmoid(BN(conv1x1(ReLU(BN(conv1x1(x))))) + theta)``, one gate per
    pixel and channel, with a learnable per-channel offset ``theta``
    (zeros at start), convs initialised as in the reference
    (``Mulpixelattn`` in LUSSeg/PASS ``src/resnet.py``). PASS averages the
    gate over channels to get the foreground map of its pseudo-labels.

    Args:
        channels (int): Feature channels (also the hidden width).
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.gate = nn.Sequential(
            nn.Conv2d(channels, channels, 1), nn.BatchNorm2d(channels),
            nn.ReLU(inplace=True), nn.Conv2d(channels, channels, 1),
            nn.BatchNorm2d(channels))
        kaiming_init_convs(self.gate)
        self.theta = nn.Parameter(torch.zeros(1, channels, 1, 1))

    def forward(self, x: Tensor) -> Tensor:
        """(B, C, H, W) gates in (0, 1) of (B, C, H, W) features."""
        return torch.sigmoid(self.gate(x) + self.theta)
