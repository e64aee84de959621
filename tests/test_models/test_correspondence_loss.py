"""STEGO's correspondence loss against an independent loop computation.

Parity with mhamilton723/STEGO's own code is in
``test_stego_reference_parity.py``.
"""
import numpy as np
import pytest
import torch

from mmusseg.models.losses import PRESETS, CorrespondenceLoss, derangement
from mmusseg.models.losses.correspondence_loss import shifted_randperm

WEIGHTS = (0.63, 0.25, 0.67)  # COCO ViT-S (rand, knn, self)
SHIFTS = (0.66, 0.02, 0.08)


def pixel_coords(rng, batch, points, size):
    """Random pixel positions and their [-1, 1] coordinates (x, y)."""
    yx = rng.integers(0, size, (batch, points, points, 2))
    coords = torch.from_numpy(2 * yx[..., ::-1] / (size - 1) - 1).float()
    return yx, coords


def gather(x, yx):
    """x[n, :, y, x] for every point: (B, P, Q, C)."""
    b = np.arange(x.shape[0])[:, None, None]
    return x[b, :, yx[..., 0], yx[..., 1]]


def reference_term(f1, f2, c1, c2, shift):
    """-mean(clamp(S, 0) * (F - b)) with explicit normalisation/centring."""
    def unit(v):
        return v / np.linalg.norm(v, axis=-1, keepdims=True)
    fd = np.einsum('npqc,nijc->npqij', unit(f1), unit(f2))
    mean = fd.mean()
    fd = fd - fd.mean(axis=(3, 4), keepdims=True)
    fd = fd - fd.mean() + mean
    cd = np.einsum('npqc,nijc->npqij', unit(c1), unit(c2))
    return -(np.maximum(cd, 0) * (fd - shift)).mean()


@pytest.mark.parametrize('same_points', [True, False])
def test_matches_an_independent_computation(same_points):
    rng = np.random.default_rng(0)
    batch, size, points = 3, 5, 4
    feats = rng.normal(size=(batch, 6, size, size)).astype(np.float32)
    feats_knn = rng.normal(size=feats.shape).astype(np.float32)
    code = rng.normal(size=(batch, 3, size, size)).astype(np.float32)
    code_knn = rng.normal(size=code.shape).astype(np.float32)
    yx1, c1 = pixel_coords(rng, batch, points, size)
    yx2, c2 = pixel_coords(rng, batch, points, size)
    perms = [torch.tensor([1, 2, 0]), torch.tensor([2, 0, 1])]
    loss = CorrespondenceLoss(weights=WEIGHTS, shifts=SHIFTS,
                              num_points=points,
                              self_term_same_points=same_points)
    got = loss(*map(torch.from_numpy, (feats, feats_knn, code, code_knn)),
               coords=(c1, c2), perms=perms)
    f1, s1 = gather(feats, yx1), gather(code, yx1)
    self_yx = yx1 if same_points else yx2
    expected = dict(
        loss_self=WEIGHTS[2] * reference_term(
            f1, gather(feats, self_yx), s1, gather(code, self_yx),
            SHIFTS[2]),
        loss_knn=WEIGHTS[1] * reference_term(
            f1, gather(feats_knn, yx2), s1, gather(code_knn, yx2),
            SHIFTS[1]),
        loss_rand=WEIGHTS[0] * np.mean([
            reference_term(f1, gather(feats[p.numpy()], yx2), s1,
                           gather(code[p.numpy()], yx2), SHIFTS[0])
            for p in perms
        ]))
    assert set(got) == set(expected)
    for name, value in expected.items():
        assert float(got[name]) == pytest.approx(value, rel=1e-5, abs=1e-6)


def test_codes_that_copy_the_features_score_better_than_random_codes():
    torch.manual_seed(0)
    feats = torch.randn(4, 8, 6, 6)
    loss = CorrespondenceLoss(weights=(1, 1, 1), shifts=(0, 0, 0))
    aligned = sum(loss(feats, feats, feats, feats).values())
    scrambled = sum(
        loss(feats, feats, torch.randn(4, 8, 6, 6),
             torch.randn(4, 8, 6, 6)).values())
    assert aligned < scrambled


def test_derangement_has_no_fixed_point():
    generator = torch.Generator().manual_seed(0)
    for n in range(2, 12):
        for _ in range(20):
            perm = derangement(n, generator)
            assert sorted(perm.tolist()) == list(range(n))
            assert (perm != torch.arange(n)).all()
    with pytest.raises(ValueError, match='at least 2'):
        derangement(1)


def test_shifted_randperm_moves_fixed_points_and_may_repeat():
    generator = torch.Generator().manual_seed(0)
    repeated = False
    for n in (2, 3, 5):
        for _ in range(50):
            state = generator.get_state()
            perm = shifted_randperm(n, generator)
            generator.set_state(state)
            base = torch.randperm(n, generator=generator)
            assert (perm != torch.arange(n)).all()
            expected = torch.where(base == torch.arange(n), (base + 1) % n,
                                   base)
            assert torch.equal(perm, expected)
            repeated |= len(set(perm.tolist())) < n
    assert repeated  # e.g. [0, 2, 1] -> [1, 2, 2]
    with pytest.raises(ValueError, match='at least 2'):
        shifted_randperm(1)
    with pytest.raises(ValueError, match='rand_partners'):
        CorrespondenceLoss(preset='cityscapes', rand_partners='shuffle')


def test_presets_are_reference_values_and_misuse_is_explained():
    # STEGO (Hamilton et al., ICLR 2022) supplement's hyperparameters, to
    # full precision as in mhamilton723/STEGO src/configs/train_config.yml's
    # commented blocks: (λ_rand, λ_knn, λ_self; b_rand, b_knn, b_self)
    expected = {
        'coco_vit-s': ((.63, .25, .67), (.66, .02, .08)),
        'coco_vit-b': ((0.1538476246415498, 1, .1), (1, .2, .12)),
        'cityscapes': ((0.9058762625226623, 0.577453483136995, 1),
                       (0.31361241889448443, 0.1754346515479633,
                        0.45828472207)),
        'potsdam_vit-s': ((.63, .25, .67), (.46, .02, .08)),
    }
    assert set(PRESETS) == set(expected)
    for name, (weights, shifts) in expected.items():
        loss = CorrespondenceLoss(preset=name)
        assert [loss.weights[t] for t in ('rand', 'knn', 'self')] == \
            list(weights)
        assert [loss.shifts[t] for t in ('rand', 'knn', 'self')] == \
            list(shifts)
    with pytest.raises(KeyError, match='Unknown STEGO preset'):
        CorrespondenceLoss(preset='iaroa')
    with pytest.raises(ValueError, match='not both'):
        CorrespondenceLoss(preset='cityscapes', weights=(1, 1, 1),
                           shifts=(0, 0, 0))
    with pytest.raises(ValueError, match='weights and shifts'):
        CorrespondenceLoss()
