import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mmusseg  # noqa: F401


def build(balance='inverse', **kwargs):
    init_default_scope('mmseg')
    return MODELS.build(dict(
        type='PiCIE',
        data_preprocessor=dict(type='SegDataPreProcessor',
                               mean=[123.675, 116.28, 103.53],
                               std=[58.395, 57.12, 57.375], bgr_to_rgb=True,
                               size_divisor=32),
        backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3),
                      style='pytorch'),
        neck=dict(type='LateralFPN', in_channels=[64, 128, 256, 512],
                  out_channels=16),
        cluster_head=dict(type='ClusterHead', num_clusters=4, channels=16,
                          distance='dot'),
        balance=balance, **kwargs))


def batch(model, n=2, size=64):
    samples = [SegDataSample(metainfo=dict(sample_idx=i, ori_shape=(size,
                                                                    size)))
               for i in range(n)]
    imgs = [torch.randint(0, 256, (3, size, size), dtype=torch.uint8)
            for _ in range(n)]
    data = model.data_preprocessor(dict(inputs=imgs, data_samples=samples),
                                   True)
    return data['inputs'], data['data_samples']


def fit_heads(model, inputs, samples):
    with torch.no_grad():
        feats = model.cluster_features(inputs, samples)
    for name, head in model.cluster_heads.items():
        pixels = feats[name].permute(0, 2, 3, 1).reshape(-1, 16)
        head.set_centroids(pixels[:head.num_clusters].clone())
    model.on_centroids_updated(
        {name: torch.arange(1., head.num_clusters + 1)
         if head.num_clusters != 4 else torch.tensor([10., 30., 40., 20.])
         for name, head in model.cluster_heads.items()})


def test_views_are_reproducible_and_epoch_dependent():
    model = build()
    inputs, samples = batch(model)
    a = model.make_views(inputs, samples)
    b = model.make_views(inputs, samples)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    model.set_epoch(1)
    c = model.make_views(inputs, samples)
    assert not torch.equal(a[0], c[0])


def test_loss_trains_the_encoder_and_not_the_snapshot():
    model = build()
    inputs, samples = batch(model)
    with pytest.raises(RuntimeError, match='snapshot'):
        model.loss(inputs, samples)
    fit_heads(model, inputs, samples)
    losses = model.loss(inputs, samples)
    total = sum(losses.values())
    assert torch.isfinite(total)
    total.backward()
    assert model.backbone.conv1.weight.grad is not None
    assert all(p.grad is None for p in model._snapshot.parameters())
    assert not any(n.startswith('_snapshot') for n in model.state_dict())


def test_balance_modes():
    for mode, expected in (('proportional', [.1, .3, .4, .2]),
                           ('none', [1., 1., 1., 1.])):
        model = build(mode)
        fit_heads(model, *batch(model))
        torch.testing.assert_close(model.class_weights('cluster_head'),
                                   torch.tensor(expected))
    model = build('inverse')
    fit_heads(model, *batch(model))
    w = model.class_weights('cluster_head')
    assert w[0] > w[3] > w[1] > w[2] and w.mean() == pytest.approx(1.0)
    with pytest.raises(ValueError, match='balance'):
        build('sqrt')


def test_missing_sample_idx_is_explained():
    model = build()
    inputs, _ = batch(model)
    with pytest.raises(KeyError, match='sample_idx'):
        model.make_views(inputs, [SegDataSample(), SegDataSample()])


def test_aux_overclustering_heads_are_fitted_and_trained():
    model = build(aux_cluster_head=dict(type='ClusterHead', num_clusters=7,
                                        channels=16, distance='dot'))
    assert set(model.cluster_heads) == {'cluster_head', 'cluster_head2',
                                        'aux_head', 'aux_head2'}
    inputs, samples = batch(model)
    feats = model.cluster_features(inputs, samples)
    assert set(feats) == set(model.cluster_heads)
    fit_heads(model, inputs, samples)
    assert model.class_weights('aux_head').shape == (7, )
    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_within', 'loss_across', 'loss_within_aux',
                           'loss_across_aux'}
    sum(losses.values()).backward()
    assert model.neck.laterals[0].conv.weight.grad.abs().sum() > 0
    # prediction uses the main head only
    model.eval()
    out = model.predict(inputs, samples)
    assert out[0].seg_logits.data.shape[0] == 4


def test_view_size_and_plain_features_for_evaluation():
    model = build(view_size=32)
    inputs, samples = batch(model, size=64)
    view1, view2, _ = model.make_views(inputs, samples)
    assert view1.shape[-2:] == view2.shape[-2:] == (32, 32)
    feats = model.cluster_features(inputs, samples)
    assert feats['cluster_head'].shape[-2:] == (8, 8)
    plain = model.cluster_features(inputs, samples, training_views=False)
    assert set(plain) == {'cluster_head'}
    torch.testing.assert_close(plain['cluster_head'],
                               model.extract_feat(inputs))


def test_reference_view1_training_bug_is_an_option():
    model = build(views=dict(reproduce_view1_jitter_bug=True,
                             jitter_prob=1.0))
    inputs, samples = batch(model)
    jittered = model.make_views(inputs, samples)[0]
    plain = model.make_views(inputs, samples, jitter_view1=False)[0]
    assert not torch.allclose(jittered, plain)
    fit_heads(model, inputs, samples)
    assert torch.isfinite(sum(model.loss(inputs, samples).values()))


def test_loss_labels_come_from_the_epoch_snapshot_and_both_centroid_sets():
    torch.manual_seed(0)
    model = build()
    inputs, samples = batch(model)
    fit_heads(model, inputs, samples)
    snapshot = copy.deepcopy(model._encoder()).eval()
    # training moves the live encoder away from the epoch-start snapshot
    with torch.no_grad():
        for p in model.backbone.parameters():
            p.add_(0.3 * torch.randn_like(p))
    view1, view2, params = model.make_views(inputs, samples)
    with torch.no_grad():
        s1, s2 = model._view_features(snapshot, view1, view2, params)
    z1, z2 = model._view_features(model._encoder(), view1, view2, params)
    head1, head2 = model.cluster_head, model.cluster_head2
    y1 = head1(s1).argmax(1)  # nearest centroid of unit features = max dot
    y2 = head2(s2).argmax(1)
    live_y1, live_y2 = head1(z1).argmax(1), head2(z2).argmax(1)
    assert (live_y1 != y1).float().mean() > 0.05  # the mutant would differ
    w1 = model.class_weights('cluster_head')
    w2 = model.class_weights('cluster_head2')

    def halves(y1, y2):
        ce = F.cross_entropy
        return ((ce(head1(z1), y1, weight=w1) + ce(head2(z2), y2,
                                                   weight=w2)) / 4,
                (ce(head2(z1), y2, weight=w2) + ce(head1(z2), y1,
                                                   weight=w1)) / 4)

    with torch.no_grad():
        expected_within, expected_across = halves(y1, y2)
        mutant_within, mutant_across = halves(live_y1, live_y2)
        losses = model.loss(inputs, samples)
    # A pixel on a near-tie can take another label in two computations of
    # the same features with 2 threads (1 of 512 labels moves a term by
    # ~0.002): allow two such flips; labels from the live encoder move the
    # terms by far more.
    tolerance = 0.0045
    assert max(abs(float(mutant_within - expected_within)),
               abs(float(mutant_across - expected_across))) > 3 * tolerance
    assert abs(float(losses['loss_within'] - expected_within)) < tolerance
    assert abs(float(losses['loss_across'] - expected_across)) < tolerance
    assert not torch.allclose(expected_within, expected_across)
