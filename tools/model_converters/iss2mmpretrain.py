"""Convert an official MoCo v2 or SwAV ResNet-50 checkpoint to mmpretrain's
format, for PGG's ISS initialisation.

- MoCo v2 (facebookresearch/moco, ``moco_v2_800ep_pretrain.pth.tar``):
  ``module.encoder_q.*`` (ResNet + ``fc.0`` / ``fc.2`` MLP projector) and
  ``module.encoder_k.*`` (the momentum encoder) become ``backbone.*``,
  ``neck.mlp.{0,2}.*`` and ``encoder_k.module.{0,1}.*``: the layout of
  mmpretrain's ``MoCo`` with a ``MoCoV2Neck``, so the file also seeds
  ``configs/pgg/mocov2_r50_coco27-pretrain.py`` (``load_from``) with both
  encoders. The ImageNet queue is dropped (stale on other images).
- SwAV (facebookresearch/swav, ``swav_800ep_pretrain.pth.tar``): the
  ResNet, ``projection_head.{0,1,3}`` (Linear, BatchNorm1d, Linear) and
  ``prototypes`` become ``backbone.*``, ``neck.projection_neck.*`` (and
  its ``neck.norm.*`` alias) and ``head.loss_module.prototypes.weight``:
  mmpretrain's ``SwAV`` with a ``SwAVNeck``.

The format is detected from the keys (``--format`` forces it)::

    python tools/model_converters/iss2mmpretrain.py \\
        moco_v2_800ep_pretrain.pth.tar \\
        checkpoints/mocov2_r50_800ep_mmpretrain.pth
    python tools/model_converters/iss2mmpretrain.py \\
        swav_800ep_pretrain.pth.tar checkpoints/swav_r50_800ep_mmpretrain.pth
"""
import re
from collections import OrderedDict
from typing import Dict, Optional

from torch import Tensor

from mmusseg.utils.converters import converter_main

RESNET_KEY = re.compile(r'^(conv1|bn1|layer[1-4])\.')


def _bare_state(checkpoint: dict) -> Dict[str, Tensor]:
    state = checkpoint.get('state_dict', checkpoint)
    return OrderedDict(
        (k[len('module.'):] if k.startswith('module.') else k, v)
        for k, v in state.items() if isinstance(v, Tensor))


def detect_format(checkpoint: dict) -> str:
    """``'mocov2'`` or ``'swav'`` from the keys.

    Raises:
        KeyError: If the keys are neither format's (e.g. a supervised
            torchvision checkpoint, which has no projector).
    """
    keys = list(_bare_state(checkpoint))
    if any(k.startswith('encoder_q.') for k in keys):
        return 'mocov2'
    if any(k.startswith('projection_head.') for k in keys):
        return 'swav'
    raise KeyError(
        f'Neither a MoCo v2 (encoder_q.*) nor a SwAV (projection_head.*) '
        f'checkpoint; first keys: {keys[:4]}. A supervised ResNet has no '
        f'projector and needs no conversion: PGG reads a torchvision '
        f'classifier as is (GlobalEncoder.revise_keys, see '
        f'configs/pgg/pgg-h_r18-sup-fc_fpn_coco27.py).')


def _split_encoder(state: Dict[str, Tensor], prefix: str, head: str,
                   head_map: Dict[str, str]) -> Dict[str, Tensor]:
    """ResNet keys under ``prefix`` to ``backbone.*``; projector keys
    (``prefix + head + index``) through ``head_map``; anything else is an
    error."""
    out = OrderedDict()
    for key, value in state.items():
        if not key.startswith(prefix):
            continue
        key = key[len(prefix):]
        if RESNET_KEY.match(key):
            out[f'backbone.{key}'] = value
        elif key.startswith(head + '.'):
            layer, param = key[len(head) + 1:].split('.', 1)
            if layer not in head_map:
                raise KeyError(f'Unexpected projector layer {prefix}{key}.')
            out[f'{head_map[layer]}.{param}'] = value
        elif not key.startswith('fc.'):  # torchvision's unused classifier
            raise KeyError(f'Unexpected key {prefix}{key}.')
    return out


def _check(out: Dict[str, Tensor], needed) -> None:
    missing = [k for k in needed if k not in out]
    if missing:
        raise KeyError(f'Missing after conversion: {missing}; the '
                       f'checkpoint is not in the expected format.')


def convert_mocov2(checkpoint: dict) -> Dict[str, Tensor]:
    """Official MoCo v2 keys to mmpretrain ``MoCo`` + ``MoCoV2Neck``."""
    state = _bare_state(checkpoint)
    mlp = {'0': 'neck.mlp.0', '2': 'neck.mlp.2'}
    out = _split_encoder(state, 'encoder_q.', 'fc', mlp)
    for key, value in _split_encoder(state, 'encoder_k.', 'fc',
                                     mlp).items():
        part, rest = key.split('.', 1)
        index = 0 if part == 'backbone' else 1  # neck keys stay mlp.*
        out[f'encoder_k.module.{index}.{rest}'] = value
    _check(out, ['backbone.conv1.weight', 'backbone.layer4.2.bn3.weight',
                 'neck.mlp.0.weight', 'neck.mlp.2.weight'])
    return out


def convert_swav(checkpoint: dict) -> Dict[str, Tensor]:
    """Official SwAV keys to mmpretrain ``SwAV`` + ``SwAVNeck``."""
    state = _bare_state(checkpoint)
    projector = {
        '0': 'neck.projection_neck.0',
        '1': 'neck.projection_neck.1',
        '3': 'neck.projection_neck.3'
    }
    prototypes = state.pop('prototypes.weight', None)
    out = _split_encoder(state, '', 'projection_head', projector)
    # SwAVNeck registers its BatchNorm1d twice (norm and projection_neck.1)
    for key in [k for k in out if k.startswith('neck.projection_neck.1.')]:
        out['neck.norm.' + key[len('neck.projection_neck.1.'):]] = out[key]
    if prototypes is not None:
        out['head.loss_module.prototypes.weight'] = prototypes
    _check(out, ['backbone.conv1.weight', 'neck.projection_neck.0.weight',
                 'neck.projection_neck.3.weight'])
    return out


def convert(checkpoint: dict, fmt: Optional[str] = None) -> Dict[str, Tensor]:
    """Convert ``checkpoint`` (format detected unless ``fmt`` is given)."""
    fmt = fmt or detect_format(checkpoint)
    return {'mocov2': convert_mocov2, 'swav': convert_swav}[fmt](checkpoint)


def iss_summary(state_dict: Dict[str, Tensor]) -> str:
    """``'swav'`` or ``'mocov2'``: which release was converted."""
    swav = any(key.startswith('head.') for key in state_dict)
    return 'swav' if swav else 'mocov2'


def main() -> None:
    converter_main(
        lambda checkpoint, format: convert(checkpoint, format), __doc__,
        'official MoCo v2 or SwAV checkpoint', iss_summary,
        options=[('--format', dict(choices=['mocov2', 'swav'],
                                   help='default: detected from the keys'))])


if __name__ == '__main__':
    main()
