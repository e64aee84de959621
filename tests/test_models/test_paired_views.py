import pytest
import torch
import torch.nn.functional as F

from mmusseg.models.utils.paired_views import PairedViewSampler


def test_parameters_depend_only_on_seed_epoch_index():
    views = PairedViewSampler(seed=3)
    assert views.sample(2, 7) == PairedViewSampler(seed=3).sample(2, 7)
    assert views.sample(2, 7) != views.sample(3, 7)
    assert views.sample(2, 7) != views.sample(2, 8)
    for rule, low in (('picie', 0.25), ('torchvision', 0.5)):
        top, left, h, w = PairedViewSampler(crop_rule=rule).sample(0, 0)[
            'crop']
        assert 0 <= top and top + h <= 1 and 0 <= left and left + w <= 1
        assert low - 1e-9 <= h * w <= 1


def test_grayscale_bug_is_the_default_and_blur_is_kept():
    reference = PairedViewSampler()
    fixed = PairedViewSampler(reproduce_grayscale_bug=False)
    draws = [fixed.sample(0, i)['photo1'] for i in range(200)]
    assert any(p['gray'] for p in draws) and any(p['blur'] for p in draws)
    draws = [reference.sample(0, i)['photo1'] for i in range(200)]
    assert not any(p['gray'] for p in draws)
    assert any(p['blur'] for p in draws)
    with pytest.raises(ValueError, match='crop_rule'):
        PairedViewSampler(crop_rule='square')


def test_geometric_transform_commutes_with_downsampling():
    """G(image) downsampled == G(downsampled image): replayable on features."""
    yy, xx = torch.meshgrid(torch.linspace(0, 1, 64), torch.linspace(0, 1, 64),
                            indexing='ij')
    img = torch.stack([yy, xx, yy * xx])
    for rule in ('picie', 'torchvision'):
        p = PairedViewSampler(seed=1, crop_rule=rule).sample(0, 0)
        p['flip'] = True
        on_image = F.avg_pool2d(
            PairedViewSampler.geometric(img, p, (64, 64))[None], 4)[0]
        on_features = PairedViewSampler.geometric(
            F.avg_pool2d(img[None], 4)[0], p, (16, 16))
        assert (on_image - on_features).abs().mean() < 0.03


def test_photometric_keeps_range_and_grayscale_is_gray():
    img = torch.rand(3, 16, 16)
    p = dict(jitter=[True] * 4, factors=[1.2, 0.8, 1.1], hue=0.05,
             order=[3, 2, 1, 0], gray=True, blur=True, sigma=-1.0)
    out = PairedViewSampler().photometric(img, p)
    assert out.min() >= 0 and out.max() <= 1
    assert torch.allclose(out[0], out[1]) and torch.allclose(out[1], out[2])
