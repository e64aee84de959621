import torch
import torch.nn.functional as F

from mmusseg.models.utils.paired_views import PairedViewSampler


def test_parameters_depend_only_on_seed_epoch_index():
    views = PairedViewSampler(seed=3)
    assert views.sample(2, 7) == PairedViewSampler(seed=3).sample(2, 7)
    assert views.sample(2, 7) != views.sample(3, 7)
    assert views.sample(2, 7) != views.sample(2, 8)
    top, left, h, w = views.sample(0, 0)['crop']
    assert 0 <= top and top + h <= 1 and 0 <= left and left + w <= 1
    assert 0.5 - 1e-9 <= h * w <= 1


def test_faithful_toggles_disable_grayscale_and_blur():
    faithful = PairedViewSampler(grayscale_faithful=True, blur_faithful=True)
    fixed = PairedViewSampler()
    draws = [fixed.sample(0, i)['photo1'] for i in range(200)]
    assert any(p['gray'] for p in draws) and any(p['blur'] for p in draws)
    draws = [faithful.sample(0, i)['photo1'] for i in range(200)]
    assert not any(p['gray'] or p['blur'] for p in draws)


def test_geometric_transform_commutes_with_downsampling():
    """G(image) downsampled == G(downsampled image): replayable on features."""
    yy, xx = torch.meshgrid(torch.linspace(0, 1, 64), torch.linspace(0, 1, 64),
                            indexing='ij')
    img = torch.stack([yy, xx, yy * xx])
    p = PairedViewSampler(seed=1).sample(0, 0)
    p['flip'] = True
    on_image = F.avg_pool2d(PairedViewSampler.geometric(img, p, (64, 64))[None],
                            4)[0]
    on_features = PairedViewSampler.geometric(
        F.avg_pool2d(img[None], 4)[0], p, (16, 16))
    assert (on_image - on_features).abs().mean() < 0.02


def test_photometric_keeps_range_and_grayscale_is_gray():
    img = torch.rand(3, 16, 16)
    p = dict(jitter=True, factors=[1.2, 0.8, 1.1], hue=0.05,
             order=[3, 2, 1, 0], gray=True, blur=True, sigma=1.0)
    out = PairedViewSampler.photometric(img, p)
    assert out.min() >= 0 and out.max() <= 1
    assert torch.allclose(out[0], out[1]) and torch.allclose(out[1], out[2])
