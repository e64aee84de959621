"""iss2mmpretrain.py converts official MoCo v2 / SwAV ResNet-50 state
dicts (built here with the official key structures) into checkpoints that
mmpretrain's modules load strictly and that compute the same outputs."""
import pytest
import torch
import torchvision
from mmengine.registry import init_default_scope
from mmpretrain.models import MoCoV2Neck, ResNet, SwAVHead, SwAVNeck
from torch import nn

from helpers.runs import REPO_ROOT, load_tool_module, run_tool
from mmusseg.testing.iss_checkpoint import (official_mocov2_checkpoint,
                                            official_swav_checkpoint)

iss2mmpretrain = load_tool_module(
    REPO_ROOT / 'tools/model_converters/iss2mmpretrain.py')


def _load(module, state, prefix):
    module.load_state_dict({k[len(prefix):]: v for k, v in state.items()
                            if k.startswith(prefix)}, strict=True)
    module.eval()  # mmpretrain's ResNet.train() does not return self
    return module


def test_mocov2_conversion_computes_the_same_embeddings(tmp_path):
    checkpoint, encoders = official_mocov2_checkpoint()
    torch.save(checkpoint, tmp_path / 'moco.pth.tar')
    out = run_tool(['tools/model_converters/iss2mmpretrain.py',
                    str(tmp_path / 'moco.pth.tar'), str(tmp_path / 'm.pth')])
    assert '(mocov2)' in out
    state = torch.load(tmp_path / 'm.pth')['state_dict']
    assert not any('queue' in k for k in state)
    x = torch.randn(2, 3, 64, 64)
    for prefix, name in (('', 'encoder_q'),
                         ('encoder_k.module.', 'encoder_k')):
        backbone = _load(ResNet(depth=50), state, prefix + (
            'backbone.' if not prefix else '0.'))
        neck = _load(MoCoV2Neck(2048, 2048, 128), state,
                     prefix + ('neck.' if not prefix else '1.'))
        with torch.no_grad():
            ours = neck(backbone(x))[0]
            theirs = encoders[name](x)
        torch.testing.assert_close(ours, theirs, rtol=1e-4, atol=1e-4)


def test_swav_conversion_computes_the_same_codes(tmp_path):
    state, net, projection, prototypes = official_swav_checkpoint()
    torch.save(state, tmp_path / 'swav.pth.tar')
    run_tool(['tools/model_converters/iss2mmpretrain.py',
              str(tmp_path / 'swav.pth.tar'), str(tmp_path / 's.pth')])
    out = torch.load(tmp_path / 's.pth')['state_dict']
    init_default_scope('mmpretrain')  # SwAVHead builds its loss by registry
    backbone = _load(ResNet(depth=50), out, 'backbone.')
    neck = _load(SwAVNeck(2048, 2048, 128, norm_cfg=dict(type='BN1d')), out,
                 'neck.')
    head = _load(SwAVHead(loss=dict(type='SwAVLoss', feat_dim=128,
                                    num_prototypes=3000)), out, 'head.')
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        ours = neck([backbone(x)])
        theirs = nn.functional.normalize(projection(net(x)), dim=1)
        torch.testing.assert_close(ours, theirs, rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(
            head.loss_module.prototypes(ours), prototypes(theirs),
            rtol=1e-4, atol=1e-4)


def test_wrong_format_is_explained(tmp_path):
    supervised = torchvision.models.resnet18(weights=None).state_dict()
    with pytest.raises(KeyError, match='supervised ResNet has no projector'):
        iss2mmpretrain.convert(supervised)
    torch.save(supervised, tmp_path / 'r18.pth')
    with pytest.raises(RuntimeError, match='supervised ResNet'):
        run_tool(['tools/model_converters/iss2mmpretrain.py',
                  str(tmp_path / 'r18.pth'), str(tmp_path / 'x.pth')])
    broken = {'module.encoder_q.conv1.weight': torch.zeros(1)}
    with pytest.raises(KeyError, match='Missing after conversion'):
        iss2mmpretrain.convert(broken)
