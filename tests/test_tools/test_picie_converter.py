"""picie2mmusseg.py on a checkpoint with the official PiCIE key structure."""
import re
import subprocess
import sys

import pytest
import torch
import torchvision
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

import mmusseg  # noqa: F401
from helpers.runs import (REPO_ROOT, dump_config, load_tool_module, run_tool,
                          shrink_config)
from mmusseg.testing.fake_trees import make_fake_coco_stuff

CONFIG = REPO_ROOT / 'configs/picie/picie-release_r18_fpn_coco27.py'


def fake_picie_checkpoint(k=27, dim=128):
    """What PiCIE's train_picie.py saves for R18 (DataParallel prefixes)."""
    gen = torch.Generator().manual_seed(0)
    state = {f'module.backbone.{n}': v for n, v in
             torchvision.models.resnet18(weights=None).state_dict().items()
             if not n.startswith('fc.')}
    for layer, channels in zip((1, 2, 3, 4), (512, 256, 128, 64)):
        state[f'module.decoder.layer{layer}.weight'] = torch.randn(
            dim, channels, 1, 1, generator=gen)
        state[f'module.decoder.layer{layer}.bias'] = torch.randn(
            dim, generator=gen)
    classifier = lambda: {'module.weight': torch.randn(  # noqa: E731
        k, dim, 1, 1, generator=gen), 'module.bias': torch.zeros(k)}
    return {'epoch': 10, 'state_dict': state,
            'classifier1_state_dict': classifier(),
            'classifier2_state_dict': classifier(), 'optimizer': {}}


def test_converted_weights_load_exactly(tmp_path):
    ckpt = fake_picie_checkpoint()
    torch.save(ckpt, tmp_path / 'checkpoint.pth.tar')
    subprocess.run([sys.executable,
                    str(REPO_ROOT / 'tools/model_converters/picie2mmusseg.py'),
                    str(tmp_path / 'checkpoint.pth.tar'),
                    str(tmp_path / 'out.pth')], check=True)
    converted = torch.load(tmp_path / 'out.pth', weights_only=False)
    init_default_scope('mmseg')
    model = MODELS.build(Config.fromfile(str(CONFIG)).model)
    missing, unexpected = model.load_state_dict(converted['state_dict'],
                                                strict=False)
    assert not unexpected
    assert all('num_batches_tracked' in m or 'data_preprocessor' in m
               for m in missing), missing
    sd = ckpt['state_dict']
    # PiCIE's decoder.layer4 is the res2 (stride-4) lateral: neck level 0
    assert torch.equal(model.neck.laterals[0].conv.weight,
                       sd['module.decoder.layer4.weight'])
    assert torch.equal(model.neck.laterals[3].conv.bias,
                       sd['module.decoder.layer1.bias'])
    assert torch.equal(model.backbone.layer3[1].conv2.weight,
                       sd['module.backbone.layer3.1.conv2.weight'])
    assert torch.equal(model.cluster_head.centroids,
                       ckpt['classifier1_state_dict']['module.weight'][:, :, 0,
                                                                       0])
    # the head reproduces PiCIE's classifier: a bias-free 1x1 conv
    feats = torch.randn(1, 128, 4, 5)
    expected = torch.nn.functional.conv2d(
        feats, ckpt['classifier1_state_dict']['module.weight'])
    torch.testing.assert_close(model.cluster_head(feats), expected)


def test_converted_release_evaluates_on_coco_layout(tmp_path):
    torch.save(fake_picie_checkpoint(), tmp_path / 'checkpoint.pth.tar')
    module = load_tool_module(
        REPO_ROOT / 'tools/model_converters/picie2mmusseg.py')
    with pytest.raises(KeyError, match='Not a PiCIE checkpoint'):
        module.convert_picie({'state_dict': {}})
    torch.save(dict(state_dict=module.convert_picie(
        torch.load(tmp_path / 'checkpoint.pth.tar', weights_only=False))),
        tmp_path / 'picie.pth')
    cfg = Config.fromfile(str(CONFIG))
    shrink_config(cfg, str(tmp_path / 'work'),
                  data_root=str(make_fake_coco_stuff(tmp_path / 'coco')))
    out = run_tool(['tools/test.py', str(dump_config(cfg, tmp_path / 'c.py')),
                    str(tmp_path / 'picie.pth')])
    assert re.search(r'mIoU: [\d.]+', out)
