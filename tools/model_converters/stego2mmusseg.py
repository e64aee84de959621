"""Convert an official STEGO checkpoint (.ckpt) into an mmusseg STEGO one.

STEGO's PyTorch-Lightning checkpoints hold ``state_dict`` with
``net.model.*`` (the DINO ViT, timm-style keys), ``net.cluster1.0.*`` (the
head's linear branch), ``net.cluster2.{0,2}.*`` (its non-linear branch),
``cluster_probe.clusters`` (the centroids), ``linear_probe.{weight,bias}``
(a 1x1 conv) and training-only modules (``train_cluster_probe``,
``decoder``, metrics), which are dropped. The result loads into
``configs/stego/stego_vit-*`` (choose the config of the same backbone):

    python tools/model_converters/stego2mmusseg.py \\
        cocostuff27_vit_base_5.ckpt stego_vitb8_coco27.pth
    python tools/test.py configs/stego/stego_vit-b8_coco27.py \\
        stego_vitb8_coco27.pth
"""
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Dict

from torch import Tensor

from mmusseg.utils.converters import converter_main

sys.path.insert(0, str(Path(__file__).parent))
from dino2mmpretrain import convert_dino  # noqa: E402

HEAD_KEYS = {
    'net.cluster1.0.': 'head.linear.',
    'net.cluster2.0.': 'head.nonlinear.0.',
    'net.cluster2.2.': 'head.nonlinear.2.',
    'linear_probe.': 'linear_probe.classifier.',
}
DROPPED = ('train_cluster_probe.', 'decoder.', 'cluster_metrics.',
           'linear_metrics.', 'test_cluster_metrics.', 'test_linear_metrics.',
           'crf.')


def convert_stego(checkpoint: dict) -> Dict[str, Tensor]:
    """Map STEGO keys to :class:`mmusseg.models.STEGO` keys.

    Raises:
        KeyError: On a key no rule knows, or a missing part.
    """
    state = checkpoint.get('state_dict', checkpoint)
    backbone = {k[len('net.model.'):]: v for k, v in state.items()
                if k.startswith('net.model.')}
    if not backbone:
        raise KeyError('No net.model.* (DINO backbone) keys: not a STEGO '
                       'checkpoint?')
    converted = OrderedDict(
        (f'backbone.{k}', v) for k, v in convert_dino(backbone).items())
    for key, value in state.items():
        if key.startswith('net.model.') or key.startswith(DROPPED):
            continue
        if key == 'cluster_probe.clusters':
            converted['cluster_probe.centroids'] = value
            continue
        for old, new in HEAD_KEYS.items():
            if key.startswith(old):
                converted[new + key[len(old):]] = value
                break
        else:
            raise KeyError(f'Unexpected STEGO key {key!r}.')
    for needed in ('head.linear.weight', 'head.nonlinear.2.weight',
                   'cluster_probe.centroids'):
        if needed not in converted:
            raise KeyError(f'The STEGO checkpoint has no {needed} after '
                           f'conversion.')
    return converted


def stego_summary(state_dict: Dict[str, Tensor]) -> str:
    """``'code <D>-d, <K> clusters[, linear probe]'``."""
    k, dim = state_dict['cluster_probe.centroids'].shape
    probe = ('linear_probe.classifier.weight' in state_dict) * (
        ', linear probe')
    return f'code {dim}-d, {k} clusters{probe}'


def main() -> None:
    converter_main(convert_stego, __doc__, 'official STEGO .ckpt',
                   stego_summary)


if __name__ == '__main__':
    main()
