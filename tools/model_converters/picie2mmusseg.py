"""Convert an official PiCIE checkpoint into an mmusseg ClusterSegmentor one.

PiCIE (Cho et al., CVPR 2021) saves ``checkpoint.pth.tar`` with
``state_dict`` (an ``nn.DataParallel(PanopticFPN)``: ``module.backbone.*``
in torchvision's ResNet layout and ``module.decoder.layer{1..4}``, where
``layer1`` is the lateral of res5 and ``layer4`` that of res2) and
``classifier{1,2}_state_dict`` (``module.weight`` of shape (K, D, 1, 1), the
k-means centroids, and a zero ``module.bias``). The result loads into
``configs/picie/picie-release_r18_fpn_coco27.py``:

    python tools/model_converters/picie2mmusseg.py checkpoint.pth.tar \\
        picie_r18_coco27.pth
    python tools/test.py configs/picie/picie-release_r18_fpn_coco27.py \\
        picie_r18_coco27.pth
"""
from collections import OrderedDict
from typing import Dict

import torch
from torch import Tensor

from mmusseg.utils.converters import converter_main

NUM_LEVELS = 4


def convert_picie(checkpoint: dict, classifier: int = 1) -> Dict[str, Tensor]:
    """Map PiCIE's keys to ``ClusterSegmentor`` keys.

    Args:
        checkpoint (dict): The loaded PiCIE checkpoint.
        classifier (int): Which centroid set to use, 1 (view 1, the one
            PiCIE evaluates) or 2. Defaults to 1.

    Returns:
        dict[str, Tensor]: ``backbone.*``, ``neck.laterals.*`` and
        ``cluster_head.*`` tensors.
    """
    key = f'classifier{classifier}_state_dict'
    for needed in ('state_dict', key):
        if needed not in checkpoint:
            raise KeyError(f'Not a PiCIE checkpoint: no {needed!r} (keys: '
                           f'{sorted(checkpoint)}).')
    converted: Dict[str, Tensor] = OrderedDict()
    for name, value in checkpoint['state_dict'].items():
        name = name[len('module.'):] if name.startswith('module.') else name
        if name.startswith('backbone.'):
            converted[name] = value
        elif name.startswith('decoder.layer'):
            # decoder.layer{k}.{weight,bias}: layer4 = res2 ... layer1 = res5
            level, param = name[len('decoder.layer'):].split('.')
            index = NUM_LEVELS - int(level)
            converted[f'neck.laterals.{index}.conv.{param}'] = value
        else:
            raise KeyError(f'Unexpected PiCIE key {name!r}.')
    head = checkpoint[key]
    weight = head.get('module.weight', head.get('weight'))
    if weight is None or weight.ndim != 4:
        raise KeyError(f'{key} has no (K, D, 1, 1) weight: {sorted(head)}.')
    bias = head.get('module.bias', head.get('bias'))
    if bias is not None and bias.abs().max() > 1e-6:
        raise ValueError('The PiCIE classifier has a non-zero bias, which '
                         'ClusterHead cannot represent.')
    converted['cluster_head.centroids'] = weight[:, :, 0, 0].clone()
    converted['cluster_head.fitted'] = torch.tensor(True)
    return converted


def main() -> None:
    converter_main(
        convert_picie, __doc__, 'PiCIE checkpoint (checkpoint.pth.tar)',
        options=[('--classifier',
                  dict(type=int, choices=(1, 2), default=1,
                       help="the view's centroids to keep (default 1)"))])


if __name__ == '__main__':
    main()
