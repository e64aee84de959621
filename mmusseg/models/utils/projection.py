"""SwAV-style projection MLPs, on vectors or on feature maps."""
from typing import Sequence

from torch import nn


def projection_mlp(dims: Sequence[int], dense: bool = False) -> nn.Sequential:
    """``Linear/Conv1x1 -> BN -> ReLU`` between consecutive ``dims``, the
    last layer followed by a BN without affine parameters (SwAV's and
    PASS's projection heads).

    Args:
        dims (Sequence[int]): Input, hidden and output widths.
        dense (bool): 1x1 convolutions on (B, C, H, W) maps instead of
            linear layers on (B, C) vectors. Dense layers have no bias, as
            in PASS.
    """
    if len(dims) < 2:
        raise ValueError(f'projection_mlp needs at least two widths, got '
                         f'{list(dims)}.')
    layers = []
    for i, (cin, cout) in enumerate(zip(dims[:-1], dims[1:])):
        last = i == len(dims) - 2
        if dense:
            layers += [nn.Conv2d(cin, cout, 1, bias=False),
                       nn.BatchNorm2d(cout, affine=not last)]
        else:
            layers += [nn.Linear(cin, cout),
                       nn.BatchNorm1d(cout, affine=not last)]
        if not last:
            layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)
