"""Convert an official DINO ViT checkpoint to mmpretrain's ViT keys.

Accepts the backbone-only releases (``dino_deitsmall8_pretrain.pth``,
``dino_vitbase8_pretrain.pth``, ...: timm-style ``blocks.N.*`` keys) and
the full training checkpoints (``teacher`` / ``student`` dicts with
``module.backbone.*`` keys; the teacher is used, as DINO evaluates it).
The result loads into ``FrozenVisionTransformer`` (``init_cfg=dict(
type='Pretrained', checkpoint=...)``):

    python tools/model_converters/dino2mmpretrain.py \
        dino_deitsmall8_pretrain.pth checkpoints/dino_vits8_mmpretrain.pth
"""
from typing import Dict

from torch import Tensor

from mmusseg.utils.converters import (VIT_RULES, backbone_state,
                                      converter_main, rename_keys, vit_summary)


def convert_dino(checkpoint: dict) -> Dict[str, Tensor]:
    """Map DINO keys to mmpretrain ``VisionTransformer`` keys.

    DINO's projection head (``head.*``) is left out.

    Raises:
        KeyError: On a key no rule knows (not a DINO ViT checkpoint).
    """
    return rename_keys(
        backbone_state(checkpoint, drop_prefixes=('head.', )),
        VIT_RULES,
        'DINO ViT',
        required=('cls_token', 'pos_embed', 'ln1.weight'))


def main() -> None:
    converter_main(convert_dino, __doc__, 'official DINO checkpoint',
                   vit_summary)


if __name__ == '__main__':
    main()
