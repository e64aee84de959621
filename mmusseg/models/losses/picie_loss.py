"""PiCIE's within-view and across-view cross-entropy."""
from typing import Callable, Tuple

import torch.nn.functional as F
from torch import Tensor


def picie_loss(z1: Tensor, z2: Tensor, y1: Tensor, y2: Tensor,
               classify1: Callable[[Tensor], Tensor],
               classify2: Callable[[Tensor], Tensor], w1: Tensor,
               w2: Tensor) -> Tuple[Tensor, Tensor]:
    """The two halves of PiCIE's loss (Cho et al., CVPR 2021, Eq. 7).

    View ``v``'s labels ``y_v`` come from its own centroids ``C_v``; the
    invariance/equivariance terms classify each view's features with both
    centroid sets::

        L_within = (CE(C1 z1, y1; w1) + CE(C2 z2, y2; w2)) / 2
        L_across = (CE(C2 z1, y2; w2) + CE(C1 z2, y1; w1)) / 2

    PiCIE's total is ``(L_within + L_across) / 2``, so each half is
    returned already divided by 2 (janghyuncho/PiCIE, ``train_picie.py``).

    Args:
        z1, z2 (Tensor): (B, D, h, w) features of views 1 and 2, both in
            view 1's geometry.
        y1, y2 (Tensor): (B, h, w) labels of views 1 and 2.
        classify1, classify2 (Callable): Centroid classifiers C1, C2
            giving (B, K, h, w) logits.
        w1, w2 (Tensor): (K,) CE class weights of C1 and C2.

    Returns:
        tuple[Tensor, Tensor]: ``L_within / 2`` and ``L_across / 2``.
    """
    ce = F.cross_entropy
    within = (ce(classify1(z1), y1, weight=w1) +
              ce(classify2(z2), y2, weight=w2)) / 2
    across = (ce(classify2(z1), y2, weight=w2) +
              ce(classify1(z2), y1, weight=w1)) / 2
    return within / 2, across / 2
