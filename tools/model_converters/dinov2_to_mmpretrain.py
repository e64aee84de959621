"""Convert an official DINOv2 ViT checkpoint to mmpretrain's ViT keys.

Accepts the backbone releases of facebookresearch/dinov2
(``dinov2_vits14_pretrain.pth``, ``dinov2_vitb14_pretrain.pth``,
``dinov2_vitl14_pretrain.pth``: timm-style ``blocks.N.*`` keys with the
LayerScale vectors ``ls1.gamma`` / ``ls2.gamma``) and training checkpoints
that wrap them in a ``teacher`` dict under ``backbone.`` (the DINO and iBOT
heads are left out). ``mask_token`` is left out too: DINOv2 uses it only to
mask patches in training. The register releases (``*_reg4_pretrain.pth``)
and ViT-g/14 (SwiGLU FFN) are refused: mmpretrain's ``VisionTransformer``
has no register tokens, and ViT-g needs other keys.

The result loads strictly into ``FrozenVisionTransformer`` configured as
DINOv2 ViT-B/14::

    backbone=dict(
        type='FrozenVisionTransformer',
        arch='base',  # 768-d, 12 layers, 12 heads, 3072-d MLP
        patch_size=14,
        img_size=518,  # the release's 37 x 37 position embedding
        layer_scale_init_value=1e-5,  # creates the LayerScale vectors
        # resize the grid as DINOv2 does: bicubic, scale (n + 0.1) / 37
        dino_pos_embed_interpolation=True,
        init_cfg=dict(type='Pretrained',
                      checkpoint='checkpoints/dinov2_vitb14_mmpretrain.pth'))

    python tools/model_converters/dinov2_to_mmpretrain.py \
        dinov2_vitb14_pretrain.pth checkpoints/dinov2_vitb14_mmpretrain.pth
"""
from typing import Dict

from torch import Tensor

from mmusseg.utils.converters import (VIT_RULES, backbone_state,
                                      converter_main, rename_keys, vit_summary)

# LayerScale: DINOv2's ``ls1`` scales the attention branch, ``ls2`` the MLP
# branch; mmpretrain keeps them in the attention and FFN modules.
RULES = [
    (r'^blocks\.(\d+)\.ls1\.gamma$', r'layers.\1.attn.gamma1.weight'),
    (r'^blocks\.(\d+)\.ls2\.gamma$', r'layers.\1.ffn.gamma2.weight'),
] + VIT_RULES


def convert_dinov2(checkpoint: dict) -> Dict[str, Tensor]:
    """Map DINOv2 keys to mmpretrain ``VisionTransformer`` keys.

    Raises:
        ValueError: On a checkpoint with register tokens.
        KeyError: On a key no rule knows (not a DINOv2 ViT-S/B/L checkpoint)
            or on missing LayerScale vectors.
    """
    state = backbone_state(
        checkpoint, drop_prefixes=('dino_head.', 'ibot_head.'))
    if 'register_tokens' in state:
        raise ValueError(
            'The checkpoint has register tokens (a *_reg release), which '
            "mmpretrain's VisionTransformer cannot hold; convert the release "
            'without registers (e.g. dinov2_vitb14_pretrain.pth).')
    state.pop('mask_token', None)
    layers = {key.split('.')[1] for key in state if key.startswith('blocks.')}
    return rename_keys(
        state,
        RULES,
        'DINOv2 ViT-S/B/L',
        required=['cls_token', 'pos_embed', 'ln1.weight'] +
        [f'layers.{i}.{scale}.weight' for i in sorted(layers)
         for scale in ('attn.gamma1', 'ffn.gamma2')])


def main() -> None:
    converter_main(convert_dinov2, __doc__, 'official DINOv2 checkpoint',
                   vit_summary)


if __name__ == '__main__':
    main()
