"""STEGO's feature-correspondence distillation loss (Hamilton et al., 2022)."""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor, nn

NUM_POINTS = 11  # STEGO samples an 11 x 11 grid of random points per image
# STEGO's per-dataset (λ_rand, λ_knn, λ_self) and (b_rand, b_knn, b_self):
# the commented blocks "Cocostuff27 vit small 1/31/22", "Cocostuff27 10/3
# vit_base", "Cityscapes 10/3" and "Potsdam vit small 1/31/22" of
# mhamilton723/STEGO, src/configs/train_config.yml (neg_inter = rand,
# pos_inter = knn, pos_intra = self), to full precision. That file's active
# block ("IAROA", b .46 / .12 / .18) matches no published run: not offered.
PRESETS = {
    'coco_vit-s': ((0.63, 0.25, 0.67), (0.66, 0.02, 0.08)),
    'coco_vit-b': ((0.1538476246415498, 1.0, 0.1), (1.0, 0.2, 0.12)),
    'cityscapes': ((0.9058762625226623, 0.577453483136995, 1.0),
                   (0.31361241889448443, 0.1754346515479633, 0.45828472207)),
    'potsdam_vit-s': ((0.63, 0.25, 0.67), (0.46, 0.02, 0.08)),
}
RAND_PARTNERS = ('shifted_randperm', 'derangement')


def sample_points(x: Tensor, coords: Tensor) -> Tensor:
    """Bilinearly sample (B, C, H, W) maps at (B, P, Q, 2) coords in
    [-1, 1] (x, y order), giving (B, C, P, Q)."""
    return F.grid_sample(x, coords.permute(0, 2, 1, 3), padding_mode='border',
                         align_corners=True).permute(0, 1, 3, 2)


def derangement(n: int, generator: Optional[torch.Generator] = None
                ) -> Tensor:
    """A random permutation of ``range(n)`` with no fixed point (n >= 2)."""
    if n < 2:
        raise ValueError('A derangement needs at least 2 items: the '
                         "correspondence loss's rand term needs a batch of "
                         'at least 2 images.')
    order = torch.randperm(n, generator=generator)
    perm = torch.empty(n, dtype=torch.long)
    perm[order] = order.roll(-1)  # one cycle through a random order
    return perm


def shifted_randperm(n: int,
                     generator: Optional[torch.Generator] = None) -> Tensor:
    """STEGO's negative partners: a random permutation whose fixed points
    are moved to the next index (mod n).

    No image is its own partner, but, unlike :func:`derangement`, two
    images may share one (e.g. ``[0, 2, 1]`` gives ``[1, 2, 2]``). This is
    ``super_perm`` of mhamilton723/STEGO, ``src/modules.py``.
    """
    if n < 2:
        raise ValueError('The rand term needs a batch of at least 2 images.')
    perm = torch.randperm(n, generator=generator)
    fixed = perm == torch.arange(n)
    return (perm + fixed.long()) % n


def correlation_term(f1: Tensor, f2: Tensor, c1: Tensor, c2: Tensor,
                     shift: float) -> Tensor:
    """-mean(clamp(S, 0) * (F - b)) for sampled features and codes.

    F is the cosine correlation of every point of ``f1`` with every point
    of ``f2``, centred per point (``F - mean_j F + mean F``); S is the
    cosine correlation of the codes.
    """
    fd = torch.einsum('nchw,ncij->nhwij', F.normalize(f1, dim=1),
                      F.normalize(f2, dim=1))
    old_mean = fd.mean()
    fd = fd - fd.mean(dim=(3, 4), keepdim=True)
    fd = fd - fd.mean() + old_mean
    cd = torch.einsum('nchw,ncij->nhwij', F.normalize(c1, dim=1),
                      F.normalize(c2, dim=1))
    return -(cd.clamp(min=0) * (fd - shift)).mean()


@MODELS.register_module()
class CorrespondenceLoss(nn.Module):
    """STEGO's loss: distil the backbone's feature correspondences into the
    segmentation head's codes.

    For random 11x11 points of an image and of a partner image, the loss
    rewards code similarity where the frozen features agree more than a
    shift ``b`` and penalises it where they agree less. Three partners:
    the image itself (``self``), one of its nearest neighbours (``knn``)
    and other images of the batch (``rand``: ``num_rand`` draws of batch
    partners, averaged). Total = Σ λ_t · L_t.

    The defaults follow mhamilton723/STEGO (``src/modules.py``,
    ``ContrastiveCorrelationLoss``): the self term compares the image's
    points with themselves, and rand partners come from
    :func:`shifted_randperm`. The features are whatever the caller passes:
    STEGO passes Dropout2d(0.1) features (see :class:`mmusseg.models.STEGO`).

    Args:
        preset (str, optional): One of :data:`PRESETS` (``'coco_vit-s'``,
            ``'coco_vit-b'``, ``'cityscapes'``, ``'potsdam_vit-s'``), or
            None to give ``weights`` and ``shifts``. Defaults to None.
        weights (Sequence[float], optional): (λ_rand, λ_knn, λ_self).
        shifts (Sequence[float], optional): (b_rand, b_knn, b_self).
        num_points (int): Points per side of the sampled grid.
            Defaults to 11.
        num_rand (int): Partner draws for the rand term. Defaults to 5.
        self_term_same_points (bool): Correlate the image's sampled points
            with themselves in the self term, as STEGO does (True), or with
            a second, independent set of points (False: the same expected
            gradient, without the diagonal's offset). Defaults to True.
        rand_partners (str): ``'shifted_randperm'`` (STEGO's: may repeat a
            partner) or ``'derangement'`` (every image is used once).
            Defaults to ``'shifted_randperm'``.
    """

    def __init__(self,
                 preset: Optional[str] = None,
                 weights: Optional[Sequence[float]] = None,
                 shifts: Optional[Sequence[float]] = None,
                 num_points: int = NUM_POINTS,
                 num_rand: int = 5,
                 self_term_same_points: bool = True,
                 rand_partners: str = 'shifted_randperm') -> None:
        super().__init__()
        if rand_partners not in RAND_PARTNERS:
            raise ValueError(f'CorrespondenceLoss.rand_partners must be one '
                             f'of {RAND_PARTNERS}, got {rand_partners!r}.')
        if preset is not None:
            if preset not in PRESETS:
                raise KeyError(f'Unknown STEGO preset {preset!r}; choose '
                               f'one of {sorted(PRESETS)}.')
            if weights is not None or shifts is not None:
                raise ValueError('Give a preset or weights and shifts, '
                                 'not both.')
            weights, shifts = PRESETS[preset]
        if weights is None or shifts is None or len(weights) != 3 or len(
                shifts) != 3:
            raise ValueError('CorrespondenceLoss needs (rand, knn, self) '
                             f'weights and shifts, got {weights}, {shifts}.')
        self.weights = dict(zip(('rand', 'knn', 'self'), map(float,
                                                              weights)))
        self.shifts = dict(zip(('rand', 'knn', 'self'), map(float, shifts)))
        self.num_points = num_points
        self.num_rand = num_rand
        self.self_term_same_points = self_term_same_points
        self.rand_partners = rand_partners

    def random_partners(self, batch: int, device) -> Tensor:
        """(B,) batch indices of the rand term's partners."""
        sampler = (shifted_randperm if self.rand_partners == 'shifted_randperm'
                   else derangement)
        return sampler(batch).to(device)

    def random_coords(self, batch: int, device) -> Tensor:
        """(B, P, P, 2) uniform points in [-1, 1]."""
        return torch.rand(batch, self.num_points, self.num_points, 2,
                          device=device) * 2 - 1

    def forward(self,
                feats: Tensor,
                feats_knn: Tensor,
                code: Tensor,
                code_knn: Tensor,
                coords: Optional[Tuple[Tensor, Tensor]] = None,
                perms: Optional[Sequence[Tensor]] = None) -> dict:
        """Compute the three weighted terms.

        Args:
            feats, feats_knn (Tensor): (B, C, H, W) frozen backbone
                features of the images and of their KNN partners.
            code, code_knn (Tensor): (B, D, H, W) head outputs of the same.
            coords (tuple[Tensor, Tensor], optional): Points of the image
                and of the partners; random when None.
            perms (Sequence[Tensor], optional): The rand term's (B,) partner
                indices, one tensor per draw; from
                :meth:`random_partners` when None.

        Returns:
            dict[str, Tensor]: ``loss_self``, ``loss_knn``, ``loss_rand``,
            each already multiplied by its λ.
        """
        batch = feats.shape[0]
        if coords is None:
            coords = (self.random_coords(batch, feats.device),
                      self.random_coords(batch, feats.device))
        if perms is None:
            perms = [self.random_partners(batch, feats.device)
                     for _ in range(self.num_rand)]
        c1, c2 = coords
        f1, s1 = sample_points(feats, c1), sample_points(code, c1)
        if self.self_term_same_points:
            f_self, s_self = f1, s1
        else:
            f_self, s_self = sample_points(feats, c2), sample_points(code, c2)
        f_knn = sample_points(feats_knn, c2)
        s_knn = sample_points(code_knn, c2)
        terms = dict(
            self=correlation_term(f1, f_self, s1, s_self, self.shifts['self']),
            knn=correlation_term(f1, f_knn, s1, s_knn, self.shifts['knn']),
            rand=torch.stack([
                correlation_term(f1, sample_points(feats[p], c2), s1,
                                 sample_points(code[p], c2),
                                 self.shifts['rand']) for p in perms
            ]).mean())
        return {f'loss_{name}': self.weights[name] * value
                for name, value in terms.items()}
