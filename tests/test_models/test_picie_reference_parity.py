"""mmusseg's PiCIE against the numbers of janghyuncho/PiCIE's own code.

``tests/fixtures/picie/reference_outputs.json`` holds only outputs of the
reference (commit named in each entry), computed on CPU on the inputs whose
recipe each entry gives; these tests regenerate the same inputs from the
same seeds and compare.
"""
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import nn

import mmusseg  # noqa: F401
from mmusseg.clustering import DistributedMiniBatchKMeans, assign_to_centroids
from mmusseg.engine.hooks import ClusteringHook
from mmusseg.evaluation.metrics import HungarianIoUMetric
from mmusseg.models.heads import ClusterHead
from mmusseg.models.losses import picie_loss
from mmusseg.models.utils.paired_views import (PairedViewSampler,
                                               pillow_gaussian_blur)

FIXTURE = json.loads(
    (Path(__file__).parents[1] / 'fixtures' / 'picie' /
     'reference_outputs.json').read_text())


def test_fixtures_name_the_reference():
    for entry in FIXTURE.values():
        assert entry['repository'] == 'janghyuncho/PiCIE'
        assert len(entry['commit']) == 40 and entry['recipe']


def stream_kmeans(batches, init, images_per_batch, num_init_batches, **kw):
    km = DistributedMiniBatchKMeans(
        num_clusters=len(init),
        num_init_images=num_init_batches * images_per_batch,
        images_per_update=images_per_batch,
        init_centroids=init,
        device='cpu',
        **kw)
    for batch in batches:
        km.update(batch)
    return km, km.finalize()


def kmeans_inputs():
    """The k-means fixture's injected seeding and feature stream."""
    gen = torch.Generator().manual_seed(0)
    init = F.normalize(torch.randn(5, 8, generator=gen), dim=1)
    batches = [
        F.normalize(torch.randn(4, 8, 6, 6, generator=gen), dim=1)
        for _ in range(6)
    ]
    return init, batches


def test_minibatch_kmeans_equals_reference_given_the_same_seeding():
    init, batches = kmeans_inputs()
    expected = torch.tensor(FIXTURE['kmeans']['centroids'])
    # every pixel kept, as the reference
    km, found = stream_kmeans(batches, init, 4, 2, max_init_samples=288)
    assert km.num_online_steps == 4
    torch.testing.assert_close(found, expected, atol=1e-6, rtol=0)
    # counts start from the seeding assignments: all 8 x 36 seeding pixels
    # plus 16 x 36 online ones
    assert float(km.counts.sum()) == 24 * 36
    # a bounded seeding sample, weighted, still lands near the reference
    _, sampled = stream_kmeans(batches, init, 4, 2, max_init_samples=96)
    assert (sampled - expected).abs().max() < 0.15


def test_online_updates_are_chunked_by_images():
    init, batches = kmeans_inputs()
    # two batches of 2 images are one reference batch of 4
    halves = [h for b in batches for h in b.split(2)]
    km = DistributedMiniBatchKMeans(
        num_clusters=5, num_init_images=8, images_per_update=4,
        init_centroids=init, max_init_samples=288, device='cpu')
    for half in halves:
        km.update(half)
    assert km.num_online_steps == 4
    torch.testing.assert_close(
        km.finalize(), torch.tensor(FIXTURE['kmeans']['centroids']),
        atol=1e-6, rtol=0)


def test_labels_weights_and_loss_equal_reference():
    ref = FIXTURE['loss']
    gen = torch.Generator().manual_seed(1)
    c1 = F.normalize(torch.randn(5, 8, generator=gen), dim=1)
    c2 = F.normalize(torch.randn(5, 8, generator=gen), dim=1)
    z1 = F.normalize(torch.randn(2, 8, 6, 6, generator=gen), dim=1)
    z2 = F.normalize(torch.randn(2, 8, 6, 6, generator=gen), dim=1)
    heads = []
    for c in (c1, c2):
        head = ClusterHead(5, 8, distance='dot')
        head.set_centroids(c)
        heads.append(head)
    labels, weights = [], []
    for z, c in ((z1, c1), (z2, c2)):
        y, _ = assign_to_centroids(z.permute(0, 2, 3, 1).reshape(-1, 8), c)
        labels.append(y.reshape(2, 6, 6))
        counts = torch.bincount(y, minlength=5).double()
        weights.append((counts / counts.sum()).float())  # 'proportional'
    assert labels[0].tolist() == ref['labels1']
    assert labels[1].tolist() == ref['labels2']
    torch.testing.assert_close(weights[0], torch.tensor(ref['weights1']))
    torch.testing.assert_close(weights[1], torch.tensor(ref['weights2']))
    within, across = picie_loss(z1, z2, labels[0], labels[1], heads[0],
                                heads[1], weights[0], weights[1])
    # the reference logs the un-halved terms and their mean
    assert float(2 * within) == pytest.approx(ref['within'], abs=1e-6)
    assert float(2 * across) == pytest.approx(ref['across'], abs=1e-6)
    assert float(within + across) == pytest.approx(ref['loss'], abs=1e-6)


def test_hungarian_metric_equals_reference():
    ref = FIXTURE['metric']
    gen = torch.Generator().manual_seed(2)
    labels = torch.randint(0, 27, (3, 16, 16), generator=gen)
    perm = torch.randperm(27, generator=gen)
    noise = torch.randint(0, 27, (3, 16, 16), generator=gen)
    keep = torch.rand(3, 16, 16, generator=gen) < 0.6
    preds = torch.where(keep, perm[labels], noise)
    ignore = torch.rand(3, 16, 16, generator=gen) < 0.1
    labels = torch.where(ignore, torch.full_like(labels, 255), labels)
    metric = HungarianIoUMetric(num_clusters=27)
    metric.dataset_meta = dict(classes=[f'c{i}' for i in range(27)])
    metric.process({}, [
        dict(pred_sem_seg=dict(data=p[None]), gt_sem_seg=dict(data=g[None]))
        for p, g in zip(preds, labels)
    ])
    result = metric.evaluate(3)
    assert result['aAcc'] == pytest.approx(ref['acc'], abs=0.01)
    assert result['mIoU'] == pytest.approx(ref['miou'], abs=0.01)


AUG = FIXTURE['augmentation']


def draws(n=20000, **kw):
    sampler = PairedViewSampler(**kw)
    return sampler, [sampler.sample(0, i) for i in range(n)]


def test_blur_rule_matches_reference_distribution():
    ref = AUG['blur']
    _, params = draws()
    photos = [p[k] for p in params for k in ('photo1', 'photo2')]
    applied = [p for p in photos if p['blur']]
    assert len(applied) / len(photos) == pytest.approx(ref['applied'],
                                                       abs=0.015)
    radii = np.array([p['sigma'] for p in applied])
    assert (radii < 0).mean() == pytest.approx(ref['negative'], abs=0.015)
    assert np.abs(radii).mean() == pytest.approx(ref['abs_mean'], abs=0.02)
    hist = np.histogram(np.abs(radii), ref['bins'])[0] / len(radii)
    np.testing.assert_allclose(hist, ref['abs_hist'], atol=0.012)


def test_blur_effect_matches_reference_pillow_blur():
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (24, 30, 3), dtype=np.uint8)
    x = torch.from_numpy(img).permute(2, 0, 1).double() / 255
    sampler = PairedViewSampler()
    for case in AUG['blur']['effect']['cases']:
        # the sampler maps the reference's uniform draw to the same radius
        p = dict(jitter=[False] * 4, order=[0, 1, 2, 3], factors=[1] * 3,
                 hue=0.0, gray=False, blur=True,
                 sigma=3.8 * (case['u'] - 0.5) + 0.1)
        assert p['sigma'] == pytest.approx(case['radius'], abs=1e-9)
        out = sampler.photometric(x, p).permute(1, 2, 0).numpy() * 255
        expected = np.array(case['output'], dtype=float)
        assert np.abs(out - expected).max() <= 3.0
        # Pillow rounds to uint8 after each of its six box passes
        assert np.abs(out - expected).mean() <= 1.0
        if abs(case['radius']) > 0.3:  # the blur did something
            assert np.abs(expected - img).mean() > 5


def test_crop_rule_matches_reference_distribution_and_windows():
    ref = AUG['crop']
    _, params = draws()
    sides = np.array([int(p['crop_picie'][0] * 640) for p in params]) / 640
    hist = np.histogram(sides, ref['bins'])[0] / len(sides)
    np.testing.assert_allclose(hist, ref['side_hist'], atol=0.012)
    assert (sides**2).mean() == pytest.approx(ref['area_mean'], abs=0.006)
    assert all(p['crop'][2] == p['crop'][3] for p in params)  # square
    # the exact window the reference cuts, at image and feature resolution
    for case in ref['windows']:
        p = dict(crop_picie=(case['side'], case['row'], case['col']),
                 flip=False)
        for win in case['windows']:
            res = win['res']
            coords = torch.arange(res * res, dtype=torch.float64).view(
                1, res, res)
            out = PairedViewSampler.geometric(coords, p,
                                              (win['side'], win['side']))
            assert int(out[0, 0, 0]) // res == win['top']
            assert int(out[0, 0, 0]) % res == win['left']


def test_jitter_rule_matches_reference_coins():
    ref = AUG['jitter']
    _, params = draws()
    coins = np.array([p[k]['jitter'] for p in params
                      for k in ('photo1', 'photo2')])
    for i, name in enumerate(('brightness', 'contrast', 'saturation',
                              'hue')):
        assert coins[:, i].mean() == pytest.approx(ref['op_prob'][name],
                                                   abs=0.015)
    assert coins.all(1).mean() == pytest.approx(ref['all_four'], abs=0.015)
    assert (~coins).all(1).mean() == pytest.approx(ref['none'], abs=0.004)
    assert all(p['photo1']['order'] == [0, 1, 2, 3] for p in params[:50])
    factors = np.array([p['photo1']['factors'] for p in params])
    for i, name in enumerate(('brightness', 'contrast', 'saturation')):
        low, high = ref['factor_range'][name]
        assert factors[:, i].min() == pytest.approx(low, abs=1e-3)
        assert factors[:, i].max() == pytest.approx(high, abs=1e-3)
    # the reference's scripts never apply grayscale; the sampler neither
    assert not ref['grayscale_ever_applied']
    assert not any(p[k]['gray'] for p in params for k in ('photo1',
                                                          'photo2'))


def test_corrected_rules_differ_from_the_reference():
    _, params = draws(2000, crop_rule='torchvision', jitter_rule='moco',
                      blur_rule='uniform', reproduce_grayscale_bug=False)
    coins = np.array([p['photo1']['jitter'] for p in params])
    assert (coins.all(1) | (~coins).all(1)).all()  # one coin for all four
    assert np.mean([p['photo1']['gray'] for p in params]) == pytest.approx(
        0.2, abs=0.03)
    sigmas = [p['photo1']['sigma'] for p in params]
    assert min(sigmas) >= 0.1 and max(sigmas) <= 2.0
    assert np.mean([p['crop'][2] != p['crop'][3] for p in params]) > 0.5


def test_pillow_blur_matches_pillow_itself():
    from PIL import Image, ImageFilter
    img = np.random.default_rng(5).integers(0, 256, (20, 26, 3), np.uint8)
    x = torch.from_numpy(img).permute(2, 0, 1).double() / 255
    for radius in (0.4, -1.1, 1.8):
        expected = np.asarray(Image.fromarray(img).filter(
            ImageFilter.GaussianBlur(abs(radius)))).astype(float)
        out = pillow_gaussian_blur(x, radius).permute(1, 2, 0).numpy() * 255
        assert np.abs(out - expected).max() <= 3.0


@MODELS.register_module(force=True)
class ConvBNProbe(nn.Module):
    """The reference fixture's tiny network: conv 3x3 (no bias) + BN."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)

    def forward(self, x):
        return (self.bn(self.conv(x)), )


def bn_probe_model_and_batches():
    init_default_scope('mmseg')
    model = MODELS.build(dict(
        type='ClusterSegmentor',
        data_preprocessor=dict(type='SegDataPreProcessor', mean=[0, 0, 0],
                               std=[1, 1, 1], bgr_to_rgb=False),
        backbone=dict(type='ConvBNProbe'),
        cluster_head=dict(type='ClusterHead', num_clusters=3, channels=8)))
    gen = torch.Generator().manual_seed(4)
    with torch.no_grad():
        model.backbone.conv.weight.copy_(
            0.02 * torch.randn(8, 3, 3, 3, generator=gen))
        model.backbone.bn.weight.copy_(1 + 0.1 * torch.randn(8, generator=gen))
        model.backbone.bn.bias.copy_(0.1 * torch.randn(8, generator=gen))
    images = torch.randint(0, 256, (4, 4, 3, 12, 12), generator=gen)
    init = F.normalize(torch.randn(3, 8, generator=gen), dim=1)
    batches = [
        dict(inputs=list(b.to(torch.uint8)),
             data_samples=[SegDataSample() for _ in range(4)])
        for b in images
    ]
    return model, batches, init


@pytest.mark.parametrize('train_mode', [True, False])
def test_clustering_pass_batchnorm_mode_matches_reference(train_mode):
    ref = FIXTURE['bn_mode']
    model, batches, init = bn_probe_model_and_batches()
    runner = SimpleNamespace(model=model, epoch=0, train_dataloader=batches,
                             logger=MMLogger.get_current_instance())
    hook = ClusteringHook(fit_on=('test', ), num_init_images=8,
                          images_per_update=4, max_init_samples=8 * 144,
                          fit_in_train_mode=train_mode)
    bn = model.backbone.bn
    model.eval()
    hook.fit(runner, training_views=False)
    assert not model.training  # the hook restores the mode it found
    if train_mode:  # BN statistics moved exactly as the reference's
        torch.testing.assert_close(bn.running_mean,
                                   torch.tensor(ref['running_mean']))
        torch.testing.assert_close(bn.running_var,
                                   torch.tensor(ref['running_var']))
        assert int(bn.num_batches_tracked) == ref['num_batches_tracked']
    else:
        assert float(bn.running_mean.abs().sum()) == 0
        assert int(bn.num_batches_tracked) == 0


def test_train_mode_features_and_kmeans_equal_reference():
    model, batches, init = bn_probe_model_and_batches()
    model.train()
    feats = [model.extract_feat(model.data_preprocessor(b)['inputs'])
             for b in batches]
    _, found = stream_kmeans(feats, init, 4, 2, max_init_samples=8 * 144)
    torch.testing.assert_close(
        found, torch.tensor(FIXTURE['bn_mode']['centroids']), atol=1e-5,
        rtol=0)
