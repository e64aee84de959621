"""stego2mmusseg.py on a state dict with STEGO's official key structure."""
import pytest
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from test_dino_converter import DIM, HEADS, LAYERS, PATCH, dino_state

import mmusseg  # noqa: F401
from helpers.runs import run_tool

CODE, K, CLASSES = 7, 5, 4


def stego_ckpt():
    state = {f'net.model.{k}': v for k, v in dino_state().items()}
    state.update({
        'net.cluster1.0.weight': torch.randn(CODE, DIM, 1, 1),
        'net.cluster1.0.bias': torch.randn(CODE),
        'net.cluster2.0.weight': torch.randn(DIM, DIM, 1, 1),
        'net.cluster2.0.bias': torch.randn(DIM),
        'net.cluster2.2.weight': torch.randn(CODE, DIM, 1, 1),
        'net.cluster2.2.bias': torch.randn(CODE),
        'cluster_probe.clusters': torch.randn(K, CODE),
        'train_cluster_probe.clusters': torch.randn(K, CODE),
        'linear_probe.weight': torch.randn(CLASSES, CODE, 1, 1),
        'linear_probe.bias': torch.randn(CLASSES),
        'decoder.weight': torch.randn(DIM, CODE, 1, 1),
        'decoder.bias': torch.randn(DIM),
    })
    return {'state_dict': state, 'epoch': 3}


def test_converted_checkpoint_loads_strictly_into_stego(tmp_path):
    torch.manual_seed(0)
    ckpt = stego_ckpt()
    torch.save(ckpt, tmp_path / 'stego.ckpt')
    out = run_tool(['tools/model_converters/stego2mmusseg.py',
                    str(tmp_path / 'stego.ckpt'), str(tmp_path / 'mm.pth')])
    assert f'code {CODE}-d, {K} clusters, linear probe' in out
    init_default_scope('mmseg')
    model = MODELS.build(dict(
        type='STEGO',
        backbone=dict(type='FrozenVisionTransformer',
                      arch=dict(embed_dims=DIM, num_layers=LAYERS,
                                num_heads=HEADS, feedforward_channels=4 * DIM),
                      patch_size=PATCH, img_size=4 * PATCH),
        head=dict(type='STEGOHead', in_channels=DIM, code_dim=CODE),
        loss=dict(type='CorrespondenceLoss', weights=(1, 1, 1),
                  shifts=(0, 0, 0)),
        num_clusters=K, num_classes=CLASSES))
    state = torch.load(tmp_path / 'mm.pth')['state_dict']
    model.load_state_dict(state, strict=True)
    src = ckpt['state_dict']
    torch.testing.assert_close(model.head.nonlinear[2].weight,
                               src['net.cluster2.2.weight'])
    torch.testing.assert_close(model.cluster_probe.centroids,
                               src['cluster_probe.clusters'])
    torch.testing.assert_close(model.linear_probe.classifier.bias,
                               src['linear_probe.bias'])
    torch.testing.assert_close(model.backbone.layers[1].ffn.layers[1].weight,
                               src['net.model.blocks.1.mlp.fc2.weight'])


def test_unknown_keys_are_rejected(tmp_path):
    ckpt = stego_ckpt()
    ckpt['state_dict']['mystery.weight'] = torch.zeros(1)
    torch.save(ckpt, tmp_path / 'bad.ckpt')
    with pytest.raises(RuntimeError, match="Unexpected STEGO key 'mystery"):
        run_tool(['tools/model_converters/stego2mmusseg.py',
                  str(tmp_path / 'bad.ckpt'), str(tmp_path / 'out.pth')])
