"""classifier2backbone.py: an mmpretrain ImageClassifier checkpoint becomes
a torchvision ResNet state dict (with its classifier as fc) or the bare
ViT that FrozenVisionTransformer loads, computing the same outputs."""
import pytest
import torch
import torchvision
from mmengine.registry import DefaultScope, init_default_scope
from mmpretrain.models import ImageClassifier, VisionTransformer

from helpers.runs import run_tool
from mmusseg.models.backbones import FrozenVisionTransformer
from mmusseg.utils.converters import classifier_backbone


def _classifier(backbone, head):
    torch.manual_seed(0)
    # mmpretrain's modules, whatever scope an earlier test left
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = ImageClassifier(backbone=backbone,
                                neck=dict(type='GlobalAveragePooling')
                                if backbone['type'] == 'ResNet' else None,
                                head=head)
    model.init_weights()
    return model.eval()


def test_resnet_becomes_torchvision(tmp_path):
    init_default_scope('mmseg')  # as other tests leave it
    model = _classifier(
        dict(type='ResNet', depth=18, out_indices=(3, ), style='pytorch'),
        dict(type='LinearClsHead', num_classes=7, in_channels=512))
    torch.save(dict(state_dict=model.state_dict(), meta={}),
               tmp_path / 'cls.pth')
    run_tool(['tools/model_converters/classifier2backbone.py',
              str(tmp_path / 'cls.pth'), str(tmp_path / 'tv.pth'),
              '--keep-fc'])
    state = torch.load(tmp_path / 'tv.pth')['state_dict']
    resnet = torchvision.models.resnet18(num_classes=7)
    resnet.load_state_dict(state, strict=True)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(resnet.eval()(x),
                                   model(x, mode='tensor'))


def test_vit_becomes_frozen_vit():
    arch = dict(embed_dims=32, num_layers=2, num_heads=2,
                feedforward_channels=64)
    model = _classifier(
        dict(type='VisionTransformer', arch=arch, patch_size=8, img_size=32),
        dict(type='VisionTransformerClsHead', num_classes=5,
             in_channels=32))
    state = classifier_backbone(dict(state_dict=model.state_dict()))
    assert not any(k.startswith(('head', 'backbone')) for k in state)
    vit = FrozenVisionTransformer(arch=arch, patch_size=8, img_size=32)
    vit.load_state_dict(state, strict=True)
    # the classifier's own ViT, asked for its patch tokens
    featmap = VisionTransformer(arch=arch, patch_size=8, img_size=32,
                                out_type='featmap')
    featmap.load_state_dict(model.backbone.state_dict(), strict=True)
    featmap.eval()
    x = torch.randn(1, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(vit(x)[0], featmap(x)[0])


def test_refuses_other_checkpoints():
    with pytest.raises(KeyError, match='ImageClassifier'):
        classifier_backbone(dict(state_dict={'conv1.weight': torch.ones(1)}))
    with pytest.raises(KeyError, match='LinearClsHead'):
        classifier_backbone(
            dict(state_dict={'backbone.conv1.weight': torch.ones(1)}),
            keep_fc=True)
