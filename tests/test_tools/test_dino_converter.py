"""dino2mmpretrain.py on state dicts with DINO's official key structure."""
import torch

from helpers.runs import run_tool
from mmusseg.models.backbones import FrozenVisionTransformer

DIM, LAYERS, HEADS, PATCH = 48, 2, 2, 8


def dino_state(grid=4):
    """Random tensors under the keys of DINO's ViT (vision_transformer.py)."""
    state = {
        'cls_token': torch.randn(1, 1, DIM),
        'pos_embed': torch.randn(1, 1 + grid * grid, DIM),
        'patch_embed.proj.weight': torch.randn(DIM, 3, PATCH, PATCH),
        'patch_embed.proj.bias': torch.randn(DIM),
        'norm.weight': torch.rand(DIM) + 0.5,
        'norm.bias': torch.randn(DIM),
    }
    for i in range(LAYERS):
        for name, shape in (('norm1', (DIM, )), ('norm2', (DIM, )),
                            ('attn.qkv', (3 * DIM, DIM)),
                            ('attn.proj', (DIM, DIM)),
                            ('mlp.fc1', (4 * DIM, DIM)),
                            ('mlp.fc2', (DIM, 4 * DIM))):
            state[f'blocks.{i}.{name}.weight'] = torch.randn(*shape) * 0.1
            state[f'blocks.{i}.{name}.bias'] = torch.randn(shape[0]) * 0.1
    return state


def reference_forward(state, image):
    """DINO's ViT forward, written from its definition (pre-norm blocks,
    final norm, patch tokens without CLS)."""
    ln = torch.nn.functional.layer_norm
    x = torch.nn.functional.conv2d(image, state['patch_embed.proj.weight'],
                                   state['patch_embed.proj.bias'],
                                   stride=PATCH)
    b, c, h, w = x.shape
    x = x.flatten(2).transpose(1, 2)
    x = torch.cat([state['cls_token'].expand(b, -1, -1), x], 1)
    x = x + state['pos_embed']
    for i in range(LAYERS):
        p = {k[len(f'blocks.{i}.'):]: v for k, v in state.items()
             if k.startswith(f'blocks.{i}.')}
        y = ln(x, (DIM, ), p['norm1.weight'], p['norm1.bias'], eps=1e-6)
        qkv = (y @ p['attn.qkv.weight'].T + p['attn.qkv.bias']).reshape(
            b, -1, 3, HEADS, DIM // HEADS).permute(2, 0, 3, 1, 4)
        attn = (qkv[0] @ qkv[1].transpose(-2, -1)) * (DIM // HEADS)**-0.5
        y = (attn.softmax(-1) @ qkv[2]).transpose(1, 2).reshape(b, -1, DIM)
        x = x + y @ p['attn.proj.weight'].T + p['attn.proj.bias']
        y = ln(x, (DIM, ), p['norm2.weight'], p['norm2.bias'], eps=1e-6)
        y = torch.nn.functional.gelu(y @ p['mlp.fc1.weight'].T +
                                     p['mlp.fc1.bias'])
        x = x + y @ p['mlp.fc2.weight'].T + p['mlp.fc2.bias']
    x = ln(x, (DIM, ), state['norm.weight'], state['norm.bias'], eps=1e-6)
    return x[:, 1:].transpose(1, 2).reshape(b, DIM, h, w)


def test_converted_dino_matches_its_own_forward(tmp_path):
    torch.manual_seed(0)
    state = dino_state()
    full = {'teacher': {f'backbone.{k}': v for k, v in state.items()},
            'student': {}}
    full['teacher']['head.mlp.0.weight'] = torch.randn(4, DIM)
    for name, ckpt in (('bare', state), ('full', full)):
        torch.save(ckpt, tmp_path / f'{name}.pth')
        out = run_tool(['tools/model_converters/dino2mmpretrain.py',
                        str(tmp_path / f'{name}.pth'),
                        str(tmp_path / f'{name}_mm.pth')])
        assert f'({LAYERS} layers, {DIM}-d)' in out
    arch = dict(embed_dims=DIM, num_layers=LAYERS, num_heads=HEADS,
                feedforward_channels=4 * DIM)
    model = FrozenVisionTransformer(
        arch=arch, patch_size=PATCH, img_size=4 * PATCH,
        init_cfg=dict(type='Pretrained',
                      checkpoint=str(tmp_path / 'full_mm.pth')))
    model.init_weights()
    model.train()  # stays frozen and in eval mode
    assert not model.training and not any(p.requires_grad
                                          for p in model.parameters())
    image = torch.randn(2, 3, 4 * PATCH, 4 * PATCH)
    (feats, ) = model(image)
    torch.testing.assert_close(feats, reference_forward(state, image),
                               rtol=1e-4, atol=1e-4)
