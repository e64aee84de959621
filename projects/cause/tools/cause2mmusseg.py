"""Convert CAUSE's released files into one mmusseg CAUSE checkpoint.

CAUSE (ByungKwanLee/Causal-Unsupervised-Segmentation) releases, per
dataset and backbone:

- the segmentation-head parameters, ``segment_tr.pth`` or
  ``segment_mlp.pth``: ``head.*`` (student), ``head_ema.*`` (teacher),
  ``projection_head.f.*``, ``projection_head_ema.f.*`` and ``linear.f.*``
  (the supervised linear probe);
- the concept clusterbook, ``modular.npy`` (a (2048, C) array), and
  ``cluster_tr.pth`` / ``cluster_mlp.pth`` (``codebook``, the same
  clusterbook, and ``cluster_probe``, the (27, 90) cluster centroids).

The releases do not hold the backbone: ``--backbone`` adds the frozen ViT
in mmpretrain's format (from ``tools/model_converters/dino2mmpretrain.py``
or ``dinov2_to_mmpretrain.py``), so that the result loads with
``strict=True`` into :class:`projects.cause.cause.CAUSE` and
``tools/test.py`` (which loads the checkpoint but runs no ``init_cfg``)
evaluates it. Use the stage-3 config of the same head, backbone and
dataset::

    python tools/model_converters/dino2mmpretrain.py \
        dino_vitbase8_pretrain.pth checkpoints/dino_vitb8_mmpretrain.pth
    python projects/cause/tools/cause2mmusseg.py --head tr \
        --segment segment_tr.pth --cluster cluster_tr.pth \
        --clusterbook modular.npy \
        --backbone checkpoints/dino_vitb8_mmpretrain.pth \
        cause-tr_vit-b8_coco27.pth
    PYTHONPATH=. python tools/test.py \
        projects/cause/configs/cause-tr-probe_vit-b8_coco27.py \
        cause-tr_vit-b8_coco27.pth
"""
import argparse
import re
from collections import OrderedDict
from typing import Dict, Optional

import numpy as np
import torch
from torch import Tensor

# reference module path -> mmusseg module path, applied to the part after
# ``head.`` / ``head_ema.``
TR_RULES = [
    (r'^query_pos$', 'query_pos'),
    (r'^tr\.self_attn\.', 'self_attn.'),
    (r'^tr\.multihead_attn\.', 'cross_attn.'),
    (r'^tr\.linear1\.', 'ffn.0.'),
    (r'^tr\.linear2\.', 'ffn.3.'),
    (r'^tr\.norm([123])\.', r'norm\1.'),
    (r'^tr\.f1\.', 'code_head.linear.'),
    (r'^tr\.f2\.0\.', 'code_head.nonlinear.0.'),
    (r'^tr\.f2\.2\.', 'code_head.nonlinear.2.'),
]
MLP_RULES = [
    (r'^f1\.', 'linear.'),
    (r'^f2\.0\.', 'nonlinear.0.'),
    (r'^f2\.2\.', 'nonlinear.2.'),
]
PREFIXES = {
    'projection_head.f.': 'projection.',
    'projection_head_ema.f.': 'projection_ema.',
    'linear.f.': 'linear_probe.classifier.',
}


def _head_key(rest: str, rules) -> str:
    for pattern, repl in rules:
        if re.match(pattern, rest):
            return re.sub(pattern, repl, rest)
    raise KeyError(rest)


def convert_segment(state: Dict[str, Tensor], head: str) -> Dict[str, Tensor]:
    """Map a ``segment_{tr,mlp}.pth`` state dict to CAUSE keys.

    Args:
        state (dict): The reference's ``Segment_TR`` / ``Segment_MLP``
            state dict.
        head (str): ``'tr'`` or ``'mlp'``.

    Raises:
        KeyError: On a key no rule knows (e.g. the wrong ``head``).
    """
    rules = TR_RULES if head == 'tr' else MLP_RULES
    converted = OrderedDict()
    for key, value in state.items():
        module = key.split('.')[0]
        try:
            if module in ('head', 'head_ema'):
                new = f'{module}.' + _head_key(key[len(module) + 1:], rules)
            else:
                prefix = next(p for p in PREFIXES if key.startswith(p))
                new = PREFIXES[prefix] + key[len(prefix):]
        except (KeyError, StopIteration):
            raise KeyError(
                f'Unexpected key {key!r} in a CAUSE-{head.upper()} segment '
                f'file: is it a segment_{"mlp" if head == "tr" else "tr"}'
                f'.pth (pass --head accordingly)?') from None
        converted[new] = value
    for needed in ('head_ema.', 'projection_ema.'):
        if not any(k.startswith(needed) for k in converted):
            raise KeyError(f'The segment file has no {needed}* tensors after '
                           f'conversion.')
    return converted


def convert(segment: Dict[str, Tensor],
            head: str,
            cluster: Optional[Dict[str, Tensor]] = None,
            clusterbook: Optional[np.ndarray] = None,
            backbone: Optional[Dict[str, Tensor]] = None) -> Dict[str, Tensor]:
    """Assemble a CAUSE state dict from the released parts.

    Args:
        segment (dict): ``segment_{tr,mlp}.pth``.
        head (str): ``'tr'`` or ``'mlp'``.
        cluster (dict, optional): ``cluster_{tr,mlp}.pth`` (``codebook``
            and ``cluster_probe``).
        clusterbook (np.ndarray, optional): ``modular.npy``; required
            when ``cluster`` is not given, and it must then equal
            ``cluster['codebook']``.
        backbone (dict, optional): mmpretrain ViT state dict (e.g. from
            ``tools/model_converters/dino2mmpretrain.py``), stored under
            ``backbone.``.

    Returns:
        dict: The CAUSE state dict (the clusterbook and cluster probe
        marked trained; the teacher past its first EMA updates).
    """
    state = convert_segment(segment, head)
    book = torch.from_numpy(clusterbook) if clusterbook is not None else None
    if cluster is not None:
        unknown = set(cluster) - {'codebook', 'cluster_probe'}
        if unknown:
            raise KeyError(f'Unexpected keys {sorted(unknown)} in the cluster '
                           f'file (expected codebook, cluster_probe).')
        if book is not None and not torch.allclose(
                book.float(), cluster['codebook'].float()):
            raise ValueError('modular.npy and the cluster file hold different '
                             'clusterbooks: pass files of the same run.')
        book = cluster['codebook']
        state['cluster_probe.concepts'] = cluster['cluster_probe']
        state['cluster_probe.trained'] = torch.tensor(True)
    if book is None:
        raise ValueError('No clusterbook: pass modular.npy (--clusterbook) '
                         'or the cluster file (--cluster).')
    state['clusterbook.concepts'] = book
    state['clusterbook.trained'] = torch.tensor(True)
    state['ema_updates'] = torch.tensor(2)
    for key, value in (backbone or {}).items():
        state[f'backbone.{key}'] = value
    return state


def _load(path: str) -> dict:
    checkpoint = torch.load(path, map_location='cpu', weights_only=False)
    return checkpoint.get('state_dict', checkpoint)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dst', help='output mmusseg checkpoint')
    parser.add_argument('--head', choices=('tr', 'mlp'), required=True)
    parser.add_argument('--segment', required=True,
                        help='segment_tr.pth / segment_mlp.pth')
    parser.add_argument('--cluster', help='cluster_tr.pth / cluster_mlp.pth')
    parser.add_argument('--clusterbook', help='modular.npy')
    parser.add_argument('--backbone', required=True,
                        help='the frozen ViT in mmpretrain format (from '
                        'dino2mmpretrain.py / dinov2_to_mmpretrain.py)')
    args = parser.parse_args()
    state = convert(
        _load(args.segment), args.head,
        cluster=_load(args.cluster) if args.cluster else None,
        clusterbook=np.load(args.clusterbook) if args.clusterbook else None,
        backbone=_load(args.backbone))
    torch.save(dict(state_dict=state, meta=dict(converted_from=vars(args))),
               args.dst)
    print(f'Wrote {len(state)} tensors (CAUSE-{args.head.upper()}, '
          f'clusterbook {tuple(state["clusterbook.concepts"].shape)}'
          f'{", cluster probe" if "cluster_probe.concepts" in state else ""}'
          f') to {args.dst}.')


if __name__ == '__main__':
    main()
