"""What the scripts in ``tools/model_converters/`` share.

Key renaming by ordered regular-expression rules, unwrapping of training
checkpoints, and the command line: read ``src``, convert, write ``dst`` as
``dict(state_dict=..., meta=dict(converted_from=src))`` and print a summary.
"""
import argparse
import os
import re
from collections import OrderedDict
from typing import Callable, Dict, Iterable, Optional, Sequence, Tuple

import torch
from torch import Tensor

# timm-style ViT keys (DINO's and DINOv2's ``vision_transformer.py``) ->
# mmpretrain ``VisionTransformer`` keys, as (pattern, replacement) pairs
VIT_RULES = [
    (r'^patch_embed\.proj\.', 'patch_embed.projection.'),
    (r'^blocks\.(\d+)\.norm1\.', r'layers.\1.ln1.'),
    (r'^blocks\.(\d+)\.norm2\.', r'layers.\1.ln2.'),
    (r'^blocks\.(\d+)\.attn\.', r'layers.\1.attn.'),
    (r'^blocks\.(\d+)\.mlp\.fc1\.', r'layers.\1.ffn.layers.0.0.'),
    (r'^blocks\.(\d+)\.mlp\.fc2\.', r'layers.\1.ffn.layers.1.'),
    (r'^norm\.', 'ln1.'),
    (r'^(cls_token|pos_embed)$', r'\1'),
]


def backbone_state(checkpoint: dict,
                   drop_prefixes: Iterable[str] = ()) -> Dict[str, Tensor]:
    """The backbone tensors of a release or of a training checkpoint.

    A training checkpoint's ``teacher`` dict is used when there is one (DINO
    and DINOv2 evaluate the teacher), then its ``state_dict`` when there is
    one; the ``module.`` and ``backbone.`` prefixes are removed.

    Args:
        checkpoint (dict): The loaded checkpoint.
        drop_prefixes (Iterable[str]): Keys that start with one of these
            after unwrapping (projection heads) are left out.

    Returns:
        Dict[str, Tensor]: The tensors under their bare keys.
    """
    if 'teacher' in checkpoint:
        checkpoint = checkpoint['teacher']
    state = checkpoint.get('state_dict', checkpoint)
    drop_prefixes = tuple(drop_prefixes)
    bare = OrderedDict()
    for key, value in state.items():
        for prefix in ('module.', 'backbone.'):
            if key.startswith(prefix):
                key = key[len(prefix):]
        if drop_prefixes and key.startswith(drop_prefixes):
            continue
        bare[key] = value
    return bare


def rename_keys(state: Dict[str, Tensor],
                rules: Sequence[Tuple[str, str]],
                source: str,
                required: Iterable[str] = ()) -> Dict[str, Tensor]:
    """Rename every key by the first rule whose pattern matches it.

    Args:
        state (Dict[str, Tensor]): Tensors under the source keys.
        rules (Sequence[Tuple[str, str]]): ``(pattern, replacement)`` pairs
            for ``re.sub``, tried in order.
        source (str): What the checkpoint should be, for the error messages
            (e.g. ``'DINO ViT'``).
        required (Iterable[str]): Keys the result must have.

    Returns:
        Dict[str, Tensor]: The same tensors under the new keys.

    Raises:
        KeyError: On a key no rule matches, or a required key missing.
    """
    converted = OrderedDict()
    for key, value in state.items():
        for pattern, replacement in rules:
            if re.match(pattern, key):
                converted[re.sub(pattern, replacement, key)] = value
                break
        else:
            raise KeyError(f'Unexpected key {key!r}: not a {source} '
                           f'checkpoint?')
    for needed in required:
        if needed not in converted:
            raise KeyError(f'The checkpoint has no {needed} after '
                           f'conversion: not a {source} checkpoint?')
    return converted


def vit_summary(state_dict: Dict[str, Tensor]) -> str:
    """``'<L> layers, <C>-d'`` for an mmpretrain ``VisionTransformer``."""
    layers = len({k.split('.')[1] for k in state_dict
                  if k.startswith('layers.')})
    return f'{layers} layers, {state_dict["cls_token"].shape[-1]}-d'


def save_converted(state_dict: Dict[str, Tensor], dst: str,
                   meta: dict) -> None:
    """Write a converted checkpoint as ``dict(state_dict=..., meta=...)``
    (what mmengine's ``CheckpointLoader`` and ``init_cfg`` read), creating
    the folder."""
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    torch.save(dict(state_dict=state_dict, meta=meta), dst)


def converter_main(convert: Callable[..., Dict[str, Tensor]],
                   description: str,
                   src_help: str,
                   summary: Optional[Callable[[Dict[str, Tensor]],
                                              str]] = None,
                   options: Sequence[Tuple[str, dict]] = ()) -> None:
    """The command line of a converter: ``SRC DST [options]``.

    Args:
        convert (Callable): Maps the loaded ``src`` (and the ``options`` as
            keyword arguments) to the state dict.
        description (str): The script's help text (its docstring).
        src_help (str): Help for the ``src`` argument.
        summary (Callable, optional): Describes the result in the printed
            line, e.g. :func:`vit_summary`.
        options (Sequence[tuple[str, dict]]): Extra ``--flag`` arguments as
            ``(flag, add_argument kwargs)``; their values go to ``convert``
            and into the output's ``meta``.
    """
    parser = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('src', help=src_help)
    parser.add_argument('dst', help='output checkpoint')
    for flag, kwargs in options:
        parser.add_argument(flag, **kwargs)
    parsed = vars(parser.parse_args())
    src, dst = parsed.pop('src'), parsed.pop('dst')
    checkpoint = torch.load(src, map_location='cpu', weights_only=False)
    state_dict = convert(checkpoint, **parsed)
    save_converted(state_dict, dst, dict(converted_from=src, **parsed))
    detail = f' ({summary(state_dict)})' if summary else ''
    print(f'Wrote {len(state_dict)} tensors{detail} to {dst}.')


def classifier_backbone(checkpoint: dict,
                        keep_fc: bool = False) -> Dict[str, Tensor]:
    """The backbone of an mmpretrain ``ImageClassifier`` checkpoint.

    mmpretrain's ResNet and ViT already use torchvision's and
    ``dino2mmpretrain.py``'s key layouts, so only the ``backbone.`` prefix
    goes. With ``keep_fc`` a ``LinearClsHead``'s ``head.fc.*`` becomes
    torchvision's ``fc.*`` (a complete torchvision state dict); otherwise
    the head is dropped.

    Args:
        checkpoint (dict): The loaded mmpretrain checkpoint.
        keep_fc (bool): Keep the linear head as ``fc``. Defaults to False.

    Returns:
        Dict[str, Tensor]: The tensors under their bare keys.

    Raises:
        KeyError: If the checkpoint holds no ``backbone.*`` tensors, or
            ``keep_fc`` is set without a ``head.fc``.
    """
    state = checkpoint.get('state_dict', checkpoint)
    if not any(k.startswith('backbone.') for k in state):
        raise KeyError('No backbone.* tensors: not an mmpretrain '
                       'ImageClassifier checkpoint?')
    bare = backbone_state(dict(state_dict=state), drop_prefixes=('head.', ))
    bare = OrderedDict((k, v) for k, v in bare.items()
                       if not k.startswith(('data_preprocessor.', 'neck.')))
    if keep_fc:
        fc = {k[len('head.'):]: v for k, v in state.items()
              if k.startswith('head.fc.')}
        if not fc:
            raise KeyError('keep_fc needs a LinearClsHead (head.fc.*).')
        bare.update(fc)
    return bare
