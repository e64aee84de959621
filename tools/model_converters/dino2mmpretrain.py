"""Convert an official DINO ViT checkpoint to mmpretrain's ViT keys.

Accepts the backbone-only releases (``dino_deitsmall8_pretrain.pth``,
``dino_vitbase8_pretrain.pth``, ...: timm-style ``blocks.N.*`` keys) and
the full training checkpoints (``teacher`` / ``student`` dicts with
``module.backbone.*`` keys; the teacher is used, as DINO evaluates it).
The result loads into ``FrozenVisionTransformer`` (``init_cfg=dict(
type='Pretrained', checkpoint=...)``):

    python tools/model_converters/dino2mmpretrain.py dino_deitsmall8_pretrain.pth checkpoints/dino_vits8_mmpretrain.pth
"""
import argparse
import re
from collections import OrderedDict
from typing import Dict

import torch
from torch import Tensor

# (DINO pattern, mmpretrain replacement), applied in order
RULES = [
    (r'^patch_embed\.proj\.', 'patch_embed.projection.'),
    (r'^blocks\.(\d+)\.norm1\.', r'layers.\1.ln1.'),
    (r'^blocks\.(\d+)\.norm2\.', r'layers.\1.ln2.'),
    (r'^blocks\.(\d+)\.attn\.', r'layers.\1.attn.'),
    (r'^blocks\.(\d+)\.mlp\.fc1\.', r'layers.\1.ffn.layers.0.0.'),
    (r'^blocks\.(\d+)\.mlp\.fc2\.', r'layers.\1.ffn.layers.1.'),
    (r'^norm\.', 'ln1.'),
    (r'^(cls_token|pos_embed)$', r'\1'),
]


def backbone_state(checkpoint: dict) -> Dict[str, Tensor]:
    """The ViT tensors of either checkpoint format, with bare keys."""
    if 'teacher' in checkpoint:
        checkpoint = checkpoint['teacher']
    state = checkpoint.get('state_dict', checkpoint)
    bare = OrderedDict()
    for key, value in state.items():
        for prefix in ('module.', 'backbone.'):
            if key.startswith(prefix):
                key = key[len(prefix):]
        if key.startswith('head.'):
            continue  # DINO's projection head is not part of the backbone
        bare[key] = value
    return bare


def convert_dino(checkpoint: dict) -> Dict[str, Tensor]:
    """Map DINO keys to mmpretrain ``VisionTransformer`` keys.

    Raises:
        KeyError: On a key no rule knows (not a DINO ViT checkpoint).
    """
    converted = OrderedDict()
    for key, value in backbone_state(checkpoint).items():
        for pattern, replacement in RULES:
            if re.match(pattern, key):
                converted[re.sub(pattern, replacement, key)] = value
                break
        else:
            raise KeyError(f'Unexpected key {key!r}: not a DINO ViT '
                           f'checkpoint?')
    for needed in ('cls_token', 'pos_embed', 'ln1.weight'):
        if needed not in converted:
            raise KeyError(f'The checkpoint has no {needed} after '
                           f'conversion: not a DINO ViT checkpoint?')
    return converted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='official DINO checkpoint')
    parser.add_argument('dst', help='output checkpoint')
    args = parser.parse_args()
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=False)
    state_dict = convert_dino(checkpoint)
    torch.save(dict(state_dict=state_dict,
                    meta=dict(converted_from=args.src)), args.dst)
    layers = len({k.split('.')[1] for k in state_dict
                  if k.startswith('layers.')})
    print(f'Wrote {len(state_dict)} tensors ({layers} layers, '
          f'{state_dict["cls_token"].shape[-1]}-d) to {args.dst}.')


if __name__ == '__main__':
    main()
