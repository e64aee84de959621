"""SwAV-style projection heads, on vectors (mmpretrain's NonLinearNeck) or
on feature maps (1x1 convolutions)."""
from typing import Sequence

from mmpretrain.models.necks import NonLinearNeck
from torch import Tensor, nn


class SwAVProjector(NonLinearNeck):
    """SwAV's and PASS's vector projector, ``Linear -> BN -> ReLU ->
    Linear -> BN (no affine)``, with biases: mmpretrain's
    ``NonLinearNeck`` on (B, C) vectors.

    Checkpoints written when this head was an ``nn.Sequential`` (keys
    ``0, 1, 3, 4``) load into it (keys ``fc0, bn0, fc1, bn1``).

    Args:
        in_channels (int): Input width.
        hid_channels (int): Hidden width.
        out_channels (int): Output width.
    """

    #: ``nn.Sequential`` index -> NonLinearNeck layer name
    SEQUENTIAL_KEYS = {'0': 'fc0', '1': 'bn0', '3': 'fc1', '4': 'bn1'}

    def __init__(self, in_channels: int, hid_channels: int,
                 out_channels: int) -> None:
        super().__init__(
            in_channels,
            hid_channels,
            out_channels,
            num_layers=2,
            with_bias=True,
            with_last_bn=True,
            with_last_bn_affine=False,
            with_last_bias=True,
            with_avg_pool=False,
            norm_cfg=dict(type='BN1d'))

    def forward(self, x: Tensor) -> Tensor:
        """(B, out_channels) projections of (B, in_channels) vectors."""
        return super().forward((x, ))[0]

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        for key in [k for k in state_dict if k.startswith(prefix)]:
            index, _, rest = key[len(prefix):].partition('.')
            if index in self.SEQUENTIAL_KEYS:
                state_dict[f'{prefix}{self.SEQUENTIAL_KEYS[index]}.{rest}'] = (
                    state_dict.pop(key))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)


def kaiming_init_convs(module: nn.Module) -> nn.Module:
    """Initialise every ``Conv2d`` weight of ``module`` as PASS does
    (LUSSeg/PASS ``src/resnet.py``): Kaiming normal, fan_out, ReLU gain;
    biases keep PyTorch's default. Returns ``module``."""
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode='fan_out',
                                    nonlinearity='relu')
    return module


def dense_projection(dims: Sequence[int]) -> nn.Sequential:
    """``Conv1x1 -> BN -> ReLU`` between consecutive ``dims`` on (B, C, H, W)
    maps, the last conv followed by a BN without affine parameters; no
    biases, convs initialised with Kaiming (fan_out) as in PASS
    (LUSSeg/PASS ``src/resnet.py``).

    Args:
        dims (Sequence[int]): Input, hidden and output widths.
    """
    if len(dims) < 2:
        raise ValueError(f'dense_projection needs at least two widths, got '
                         f'{list(dims)}.')
    layers = []
    for i, (cin, cout) in enumerate(zip(dims[:-1], dims[1:])):
        last = i == len(dims) - 2
        layers += [nn.Conv2d(cin, cout, 1, bias=False),
                   nn.BatchNorm2d(cout, affine=not last)]
        if not last:
            layers.append(nn.ReLU(inplace=True))
    return kaiming_init_convs(nn.Sequential(*layers))
