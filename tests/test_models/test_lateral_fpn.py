import pytest
import torch

from mmusseg.models.necks import LateralFPN


def test_output_is_finest_level_sum_of_upsampled_laterals():
    neck = LateralFPN(in_channels=[2, 3], out_channels=4)
    fine, coarse = torch.randn(1, 2, 8, 8), torch.randn(1, 3, 4, 4)
    (out, ) = neck([fine, coarse])
    assert out.shape == (1, 4, 8, 8)
    expected = neck.laterals[0](fine) + torch.nn.functional.interpolate(
        neck.laterals[1](coarse), size=(8, 8), mode='bilinear',
        align_corners=False)
    torch.testing.assert_close(out, expected)


def test_level_count_mismatch_is_explained():
    neck = LateralFPN(in_channels=[2, 3], out_channels=4)
    with pytest.raises(ValueError, match='out_indices'):
        neck([torch.randn(1, 2, 8, 8)])
