"""LateralFPN against hand-computed outputs and an independent 1-D
bilinear interpolation (PiCIE's top-down decoder: every coarser sum is
upsampled to the next finer level, one level at a time)."""
import numpy as np
import pytest
import torch

from mmusseg.models.necks import LateralFPN


def scalar_neck(weights, biases):
    """A neck on one-channel levels whose 1x1 laterals are ``w * x + b``."""
    neck = LateralFPN(in_channels=[1] * len(weights), out_channels=1)
    with torch.no_grad():
        for lateral, w, b in zip(neck.laterals, weights, biases):
            lateral.conv.weight.fill_(w)
            lateral.conv.bias.fill_(b)
    return neck


def resize_1d(values: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of the last axis, half-pixel centres, edge clamp."""
    n = values.shape[-1]
    x = np.clip((np.arange(size) + 0.5) * n / size - 0.5, 0, n - 1)
    left = np.floor(x).astype(int)
    right = np.minimum(left + 1, n - 1)
    frac = x - left
    return values[..., left] * (1 - frac) + values[..., right] * frac


def resize_2d(image: np.ndarray, shape) -> np.ndarray:
    rows = resize_1d(image, shape[1])
    return resize_1d(rows.T, shape[0]).T


def test_two_levels_by_hand():
    # coarse 2x2 map [[1, 3], [5, 7]] through 2x + 1 -> [[3, 7], [11, 15]];
    # upsampled x2 with half-pixel centres, each axis gives
    # [a, (3a + b) / 4, (a + 3b) / 4, b]; the fine lateral adds 10.
    neck = scalar_neck([1.0, 2.0], [10.0, 1.0])
    fine = torch.zeros(1, 1, 4, 4)
    coarse = torch.tensor([[1., 3.], [5., 7.]])[None, None]
    (out, ) = neck([fine, coarse])
    top = [3, 4, 6, 7]
    bottom = [11, 12, 14, 15]
    expected = torch.tensor([
        top,
        [(3 * t + b) / 4 for t, b in zip(top, bottom)],
        [(t + 3 * b) / 4 for t, b in zip(top, bottom)],
        bottom,
    ]) + 10
    torch.testing.assert_close(out[0, 0], expected)


def test_three_levels_upsample_one_level_at_a_time():
    rng = np.random.default_rng(0)
    maps = [rng.normal(size=s) for s in ((12, 16), (6, 8), (3, 4))]
    weights, biases = [0.5, -1.5, 2.0], [0.1, 0.2, -0.3]
    neck = scalar_neck(weights, biases)
    (out, ) = neck([torch.tensor(m, dtype=torch.float32)[None, None]
                    for m in maps])
    lateral = [w * m + b for m, w, b in zip(maps, weights, biases)]
    staged = lateral[1] + resize_2d(lateral[2], (6, 8))
    staged = lateral[0] + resize_2d(staged, (12, 16))
    np.testing.assert_allclose(out[0, 0].detach().numpy(), staged,
                               rtol=1e-5, atol=1e-5)
    # the order matters: upsampling the coarsest level straight to the
    # finest one gives another map, which the neck must not produce
    direct = (lateral[0] + resize_2d(lateral[1], (12, 16)) +
              resize_2d(lateral[2], (12, 16)))
    assert np.abs(staged - direct).max() > 1e-2


def test_channels_and_resolution_of_the_finest_level():
    neck = LateralFPN(in_channels=[2, 3, 5], out_channels=4)
    (out, ) = neck([torch.randn(2, 2, 10, 14), torch.randn(2, 3, 5, 7),
                    torch.randn(2, 5, 3, 4)])
    assert out.shape == (2, 4, 10, 14)


def test_level_count_mismatch_is_explained():
    neck = LateralFPN(in_channels=[2, 3], out_channels=4)
    with pytest.raises(ValueError, match='out_indices'):
        neck([torch.randn(1, 2, 8, 8)])
