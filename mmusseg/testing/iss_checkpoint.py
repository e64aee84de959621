"""Random-weight ISS checkpoints in mmpretrain's format, for tests."""
from pathlib import Path

import torch
from mmpretrain.models import MoCoV2Neck, ResNet

CHANNELS = {18: 512, 50: 2048}


def make_random_iss_checkpoint(path, depth: int = 18, seed: int = 0) -> Path:
    """Write a MoCo v2-shaped checkpoint (``backbone.*`` ResNet and
    ``neck.mlp.*`` projector keys) with random weights to ``path``."""
    torch.manual_seed(seed)
    channels = CHANNELS[depth]
    state = {}
    for prefix, module in (('backbone.', ResNet(depth=depth)),
                           ('neck.', MoCoV2Neck(channels, channels, 128))):
        state.update({prefix + k: v for k, v in module.state_dict().items()})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(dict(state_dict=state, meta=dict(note='random weights')),
               path)
    return path
