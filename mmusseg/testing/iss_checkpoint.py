"""Random-weight ISS checkpoints, in mmpretrain's format and in the
official MoCo v2 / SwAV release formats, for tests."""
from pathlib import Path

import torch
import torchvision
from mmpretrain.models import MoCoV2Neck, ResNet
from torch import nn

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


def _resnet(seed):
    """A random torchvision ResNet-50 with non-trivial BN statistics."""
    torch.manual_seed(seed)
    net = torchvision.models.resnet50(weights=None)
    for m in net.modules():  # non-trivial BN statistics
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
    return net.eval()


def official_mocov2_checkpoint():
    """A MoCo v2 release-shaped checkpoint (``module.encoder_q/k.*``,
    queue) with random weights, and its two encoders (torchvision
    ResNet-50 with the MLP as ``fc``)."""
    encoders = {}
    for seed, name in ((0, 'encoder_q'), (1, 'encoder_k')):
        net = _resnet(seed)
        net.fc = nn.Sequential(nn.Linear(2048, 2048), nn.ReLU(),
                               nn.Linear(2048, 128))
        encoders[name] = net.eval()
    state = {f'module.{name}.{k}': v for name, net in encoders.items()
             for k, v in net.state_dict().items()}
    state['module.queue'] = torch.randn(128, 65536)
    state['module.queue_ptr'] = torch.zeros(1, dtype=torch.long)
    return dict(epoch=800, arch='resnet50', state_dict=state,
                optimizer={}), encoders


def official_swav_checkpoint():
    """A SwAV release-shaped state dict (``module.*`` ResNet-50,
    ``projection_head``, ``prototypes``) with random weights, and the
    modules it came from."""
    net = _resnet(2)
    net.fc = nn.Identity()
    projection = nn.Sequential(nn.Linear(2048, 2048), nn.BatchNorm1d(2048),
                               nn.ReLU(), nn.Linear(2048, 128)).eval()
    projection[1].running_mean.uniform_(-0.1, 0.1)
    prototypes = nn.Linear(128, 3000, bias=False)
    state = {f'module.{k}': v for k, v in net.state_dict().items()}
    state.update({f'module.projection_head.{k}': v
                  for k, v in projection.state_dict().items()})
    state['module.prototypes.weight'] = prototypes.weight.detach()
    return state, net, projection, prototypes
