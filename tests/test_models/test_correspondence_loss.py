"""STEGO's correspondence loss against an independent loop computation."""
import numpy as np
import pytest
import torch

from mmusseg.models.losses import PRESETS, CorrespondenceLoss, derangement

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


def test_matches_an_independent_computation():
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
                              num_points=points)
    got = loss(*map(torch.from_numpy, (feats, feats_knn, code, code_knn)),
               coords=(c1, c2), perms=perms)
    f1, s1 = gather(feats, yx1), gather(code, yx1)
    expected = dict(
        loss_self=WEIGHTS[2] * reference_term(
            f1, gather(feats, yx2), s1, gather(code, yx2), SHIFTS[2]),
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


def test_presets_are_reference_values_and_misuse_is_explained():
    # STEGO (Hamilton et al., ICLR 2022) supplement's hyperparameters, also
    # in mhamilton723/STEGO src/configs/train_config.yml's commented blocks:
    # (λ_rand, λ_knn, λ_self; b_rand, b_knn, b_self)
    expected = {
        'coco_vit-s': ((.63, .25, .67), (.66, .02, .08)),
        'coco_vit-b': ((.1538, 1.0, .10), (1.0, .20, .12)),
        'cityscapes': ((.906, .577, 1.0), (.314, .175, .458)),
        'potsdam_vit-s': ((.63, .25, .67), (.46, .02, .08)),
    }
    assert set(PRESETS) == set(expected)
    for name, (weights, shifts) in expected.items():
        loss = CorrespondenceLoss(preset=name)
        assert [loss.weights[t] for t in ('rand', 'knn', 'self')] == \
            pytest.approx(weights)
        assert [loss.shifts[t] for t in ('rand', 'knn', 'self')] == \
            pytest.approx(shifts)
    with pytest.raises(KeyError, match='Unknown STEGO preset'):
        CorrespondenceLoss(preset='iaroa')
    with pytest.raises(ValueError, match='not both'):
        CorrespondenceLoss(preset='cityscapes', weights=(1, 1, 1),
                           shifts=(0, 0, 0))
    with pytest.raises(ValueError, match='weights and shifts'):
        CorrespondenceLoss()
