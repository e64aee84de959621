import copy
import os

import numpy as np
import pytest
import torch

from mmusseg.models.utils import DenseCRF
from mmusseg.models.utils import dense_crf as dense_crf_module


def two_region_case(seed=0, size=(40, 48)):
    rng = np.random.default_rng(seed)
    h, w = size
    truth = np.zeros((h, w), int)
    truth[:, w // 2:] = 1
    image = np.where(truth[..., None] == 1, [200, 40, 40], [30, 30, 200])
    image = image.astype(np.uint8)[None]
    logits = np.stack([truth == 0, truth == 1]).astype(np.float32) * 1.0
    logits += rng.normal(0, 1.0, logits.shape).astype(np.float32)
    probs = torch.softmax(torch.from_numpy(logits), 0).numpy()[None]
    return image, probs, truth


def test_refinement_cleans_noisy_regions():
    image, probs, truth = two_region_case()
    refined = DenseCRF()(image, probs)
    assert refined.shape == probs.shape and refined.dtype == np.float32
    np.testing.assert_allclose(refined.sum(1), 1, atol=1e-4)
    before = (probs[0].argmax(0) == truth).mean()
    after = (refined[0].argmax(0) == truth).mean()
    assert before < 0.9 and after > 0.98


def test_torch_in_torch_out_and_errors():
    image, probs, _ = two_region_case()
    out = DenseCRF(num_iters=2)(torch.from_numpy(image),
                                torch.from_numpy(probs))
    assert isinstance(out, torch.Tensor) and out.shape == probs.shape
    with pytest.raises(ValueError, match='do not match'):
        DenseCRF()(image, probs[:, :, :10])
    with pytest.raises(ValueError, match='uint8'):
        DenseCRF()(image.astype(np.float32), probs)


def test_pool_matches_inline_and_survives_deepcopy():
    image, probs, _ = two_region_case()
    images, probs = np.repeat(image, 3, 0), np.repeat(probs, 3, 0)
    inline = DenseCRF()(images, probs)
    crf = DenseCRF(num_workers=2)
    try:
        for _ in range(2):  # the pool is reused
            np.testing.assert_allclose(crf(images, probs), inline, atol=1e-5)
        clone = copy.deepcopy(crf)
        assert clone._pool is None
        np.testing.assert_allclose(clone(images, probs), inline, atol=1e-5)
        clone.close()
    finally:
        crf.close()


def _die(*args):
    os._exit(3)


def test_dead_worker_raises_instead_of_hanging(monkeypatch):
    image, probs, _ = two_region_case()
    crf = DenseCRF(num_workers=1, timeout=60)
    # the spawned worker imports this module by name and runs `_die`
    monkeypatch.setattr(dense_crf_module, 'refine_one', _die)
    with pytest.raises(RuntimeError, match='lost a worker'):
        crf(image, probs)
    assert crf._pool is None
