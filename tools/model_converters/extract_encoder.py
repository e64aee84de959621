"""Extract the encoder (backbone + neck) of an mmusseg checkpoint.

The result initialises a supervised MMSegmentation model from an
unsupervised one (configs/finetune/): its keys keep their ``backbone.`` and
``neck.`` prefixes, which the fine-tuning configs strip with
``init_cfg=dict(type='Pretrained', checkpoint=..., prefix='backbone.')``.
Cluster heads, optimizer state and PiCIE's bookkeeping buffers are dropped.

    python tools/model_converters/extract_encoder.py \\
        work_dirs/picie_r18_fpn_synthetic/epoch_10.pth picie_encoder.pth
"""
import argparse
from collections import OrderedDict
from typing import Dict, Sequence

import torch
from torch import Tensor

DEFAULT_PREFIXES = ('backbone', 'neck')


def extract_encoder(
        state_dict: Dict[str, Tensor],
        prefixes: Sequence[str] = DEFAULT_PREFIXES) -> Dict[str, Tensor]:
    """Keep the tensors under ``prefixes`` (e.g. ``backbone.*``).

    Args:
        state_dict (dict[str, Tensor]): A segmentor's state dict.
        prefixes (Sequence[str]): Top-level modules to keep.

    Returns:
        dict[str, Tensor]: The kept tensors, with their full names.

    Raises:
        KeyError: If a prefix matches no tensor.
    """
    kept: Dict[str, Tensor] = OrderedDict()
    for prefix in prefixes:
        matched = {k: v for k, v in state_dict.items()
                   if k.startswith(prefix + '.')}
        if not matched:
            tops = sorted({k.split('.')[0] for k in state_dict})
            raise KeyError(f'No {prefix}.* tensors in the checkpoint; its '
                           f'top-level modules are {tops}.')
        kept.update(matched)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='mmusseg checkpoint (PiCIE, k-means...)')
    parser.add_argument('dst', help='output checkpoint')
    parser.add_argument('--prefixes', nargs='+', default=DEFAULT_PREFIXES,
                        help='modules to keep (default: backbone neck)')
    args = parser.parse_args()
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=False)
    state_dict = checkpoint.get('state_dict', checkpoint)
    encoder = extract_encoder(state_dict, args.prefixes)
    torch.save(dict(state_dict=encoder,
                    meta=dict(extracted_from=args.src,
                              prefixes=list(args.prefixes))), args.dst)
    counts = ', '.join(
        f'{sum(k.startswith(p + ".") for k in encoder)} {p}'
        for p in args.prefixes)
    print(f'Wrote {len(encoder)} tensors ({counts}) to {args.dst}.')


if __name__ == '__main__':
    main()
