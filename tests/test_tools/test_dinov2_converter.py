"""dinov2_to_mmpretrain.py on state dicts with DINOv2's official key layout.

The expected outputs come from a plain-PyTorch DINOv2 forward written here
from the architecture (Oquab et al., 2023; facebookresearch/dinov2,
``dinov2/models/vision_transformer.py`` and ``dinov2/layers/``): pre-norm
blocks whose attention and MLP branches are each scaled by a LayerScale
vector, a final LayerNorm, patch tokens without the CLS token.
"""
import pytest
import torch
import torch.nn.functional as F

from helpers.runs import REPO_ROOT, load_tool_module, run_tool
from mmusseg.models.backbones import FrozenVisionTransformer

dinov2_to_mmpretrain = load_tool_module(
    REPO_ROOT / 'tools/model_converters/dinov2_to_mmpretrain.py')

DIM, LAYERS, HEADS, PATCH, GRID = 64, 2, 4, 14, 4
ARCH = dict(embed_dims=DIM, num_layers=LAYERS, num_heads=HEADS,
            feedforward_channels=4 * DIM)

# The backbone of DINOv2 ViT-B/14 documented in dinov2_to_mmpretrain.py
VITB14 = dict(arch='base', patch_size=14, img_size=518,
              layer_scale_init_value=1e-5, dino_pos_embed_interpolation=True)


def dinov2_state(dim=DIM, layers=LAYERS, grid=GRID, patch=PATCH, make=None):
    """Tensors under the keys of DINOv2's ``DinoVisionTransformer``."""
    make = make or (lambda *shape: torch.randn(*shape) * 0.2)
    state = {
        'cls_token': make(1, 1, dim),
        'pos_embed': make(1, 1 + grid * grid, dim),
        'mask_token': make(1, dim),
        'patch_embed.proj.weight': make(dim, 3, patch, patch),
        'patch_embed.proj.bias': make(dim),
        'norm.weight': make(dim),
        'norm.bias': make(dim),
    }
    for i in range(layers):
        for name, shape in (('norm1', (dim, )), ('norm2', (dim, )),
                            ('attn.qkv', (3 * dim, dim)),
                            ('attn.proj', (dim, dim)),
                            ('mlp.fc1', (4 * dim, dim)),
                            ('mlp.fc2', (dim, 4 * dim))):
            state[f'blocks.{i}.{name}.weight'] = make(*shape)
            state[f'blocks.{i}.{name}.bias'] = make(shape[0])
        # trained LayerScale vectors are far from their 1e-5 init
        state[f'blocks.{i}.ls1.gamma'] = make(dim)
        state[f'blocks.{i}.ls2.gamma'] = make(dim)
    return state


def dinov2_pos_embed(pos_embed, rows, cols):
    """DINOv2's position embedding for a rows x cols patch grid.

    The square grid it was trained with is resized bicubically with the
    scale factor (n + 0.1) / side per axis (not to the size n).
    """
    side = int((pos_embed.shape[1] - 1)**0.5)
    if rows * cols == side * side and rows == cols:
        return pos_embed
    grid = pos_embed[:, 1:].reshape(1, side, side, -1).permute(0, 3, 1, 2)
    grid = F.interpolate(
        grid, mode='bicubic',
        scale_factor=((rows + 0.1) / side, (cols + 0.1) / side))
    assert grid.shape[-2:] == (rows, cols)
    return torch.cat([pos_embed[:, :1], grid.flatten(2).transpose(1, 2)], 1)


def dinov2_forward(state, image):
    """The normalised patch tokens of DINOv2 as a (B, C, h, w) map."""
    dim = state['cls_token'].shape[-1]
    heads = HEADS
    x = F.conv2d(image, state['patch_embed.proj.weight'],
                 state['patch_embed.proj.bias'], stride=PATCH)
    b, _, rows, cols = x.shape
    x = x.flatten(2).transpose(1, 2)
    x = torch.cat([state['cls_token'].expand(b, -1, -1), x], 1)
    x = x + dinov2_pos_embed(state['pos_embed'], rows, cols)
    layers = len({k.split('.')[1] for k in state if k.startswith('blocks.')})
    for i in range(layers):
        p = {k[len(f'blocks.{i}.'):]: v for k, v in state.items()
             if k.startswith(f'blocks.{i}.')}
        # attention branch: x + ls1 * proj(attention(norm1(x)))
        y = F.layer_norm(x, (dim, ), p['norm1.weight'], p['norm1.bias'],
                         eps=1e-6)
        q, k, v = F.linear(y, p['attn.qkv.weight'],
                           p['attn.qkv.bias']).chunk(3, dim=-1)
        q, k, v = (t.unflatten(-1, (heads, dim // heads)).transpose(1, 2)
                   for t in (q, k, v))
        weights = (q @ k.transpose(-2, -1) / (dim // heads)**0.5).softmax(-1)
        y = (weights @ v).transpose(1, 2).flatten(2)
        y = F.linear(y, p['attn.proj.weight'], p['attn.proj.bias'])
        x = x + p['ls1.gamma'] * y
        # MLP branch: x + ls2 * fc2(gelu(fc1(norm2(x))))
        y = F.layer_norm(x, (dim, ), p['norm2.weight'], p['norm2.bias'],
                         eps=1e-6)
        y = F.gelu(F.linear(y, p['mlp.fc1.weight'], p['mlp.fc1.bias']))
        x = x + p['ls2.gamma'] * F.linear(y, p['mlp.fc2.weight'],
                                          p['mlp.fc2.bias'])
    x = F.layer_norm(x, (dim, ), state['norm.weight'], state['norm.bias'],
                     eps=1e-6)
    return x[:, 1:].transpose(1, 2).reshape(b, dim, rows, cols)


@pytest.fixture(scope='module')
def converted(tmp_path_factory):
    """Random DINOv2 tensors and the tool's conversion of them."""
    torch.manual_seed(0)
    state = dinov2_state()
    folder = tmp_path_factory.mktemp('dinov2')
    torch.save(state, folder / 'dinov2.pth')
    out = run_tool(['tools/model_converters/dinov2_to_mmpretrain.py',
                    str(folder / 'dinov2.pth'), str(folder / 'mm.pth')])
    assert f'({LAYERS} layers, {DIM}-d)' in out
    return state, folder / 'mm.pth'


def _frozen_vit(checkpoint, **kwargs):
    """The tiny frozen ViT, loaded from ``checkpoint`` as configs do."""
    model = FrozenVisionTransformer(
        arch=ARCH, patch_size=PATCH, img_size=GRID * PATCH,
        layer_scale_init_value=1e-5,
        init_cfg=dict(type='Pretrained', checkpoint=str(checkpoint)),
        **kwargs)
    model.init_weights()
    # every converted tensor has a place, and every parameter a tensor
    model.load_state_dict(torch.load(checkpoint)['state_dict'], strict=True)
    return model


def test_converted_dinov2_matches_its_own_forward(converted):
    state, checkpoint = converted
    model = _frozen_vit(checkpoint)
    image = torch.randn(2, 3, GRID * PATCH, GRID * PATCH)
    (feats, ) = model(image)
    assert feats.shape == (2, DIM, GRID, GRID)
    torch.testing.assert_close(feats, dinov2_forward(state, image),
                               rtol=0, atol=1e-5)


def test_training_checkpoint_gives_the_same_weights():
    torch.manual_seed(0)
    state = dinov2_state()
    teacher = {f'backbone.{k}': v for k, v in state.items()}
    teacher['dino_head.mlp.0.weight'] = torch.randn(8, DIM)
    teacher['ibot_head.mlp.0.weight'] = torch.randn(8, DIM)
    from_teacher = dinov2_to_mmpretrain.convert_dinov2(
        dict(teacher=teacher, student={}))
    from_release = dinov2_to_mmpretrain.convert_dinov2(state)
    assert from_teacher.keys() == from_release.keys()
    assert all(from_teacher[k] is from_release[k] for k in from_release)
    assert from_release['layers.1.attn.gamma1.weight'] is \
        state['blocks.1.ls1.gamma']
    assert from_release['layers.1.ffn.gamma2.weight'] is \
        state['blocks.1.ls2.gamma']


def test_refuses_registers_swiglu_and_missing_layer_scale():
    state = dinov2_state()
    with pytest.raises(ValueError, match='register tokens'):
        dinov2_to_mmpretrain.convert_dinov2(
            dict(state, register_tokens=torch.zeros(1, 4, DIM)))
    # ViT-g/14's fused SwiGLU FFN
    with pytest.raises(KeyError, match='blocks.0.mlp.w12.weight'):
        dinov2_to_mmpretrain.convert_dinov2(
            dict(state, **{'blocks.0.mlp.w12.weight': torch.zeros(1)}))
    del state['blocks.1.ls2.gamma']
    with pytest.raises(KeyError, match='layers.1.ffn.gamma2.weight'):
        dinov2_to_mmpretrain.convert_dinov2(state)


def test_vitb14_backbone_has_the_release_shapes():
    """The documented ViT-B/14 backbone takes a dinov2_vitb14_pretrain.pth
    layout (37 x 37 position grid, 768-d, 12 layers) key for key, shape for
    shape; built on the meta device, so nothing is allocated."""
    release = dinov2_state(
        dim=768, layers=12, grid=37, patch=14,
        make=lambda *shape: torch.empty(*shape, device='meta'))
    converted = dinov2_to_mmpretrain.convert_dinov2(release)
    with torch.device('meta'):
        model = FrozenVisionTransformer(**VITB14)
    expected = {k: v.shape for k, v in model.state_dict().items()}
    assert {k: v.shape for k, v in converted.items()} == expected


def test_dino_pos_embed_interpolation_matches_dinov2(converted):
    """At another input size DINOv2 resizes its position grid with the
    (n + 0.1) / side scale factor; ``dino_pos_embed_interpolation`` does
    the same (4 x 4 -> 5 x 6 here, non-square to catch swapped axes)."""
    state, checkpoint = converted
    model = _frozen_vit(checkpoint, dino_pos_embed_interpolation=True)
    image = torch.randn(2, 3, 5 * PATCH, 6 * PATCH)
    (feats, ) = model(image)
    assert feats.shape == (2, DIM, 5, 6)
    torch.testing.assert_close(feats, dinov2_forward(state, image),
                               rtol=0, atol=1e-5)
