"""ClusterSegmentor and the shared test-time path of
BaseUnsupervisedSegmentor, against hand-computed cases and properties."""
import math

import pytest
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mmusseg  # noqa: F401


def build(test_cfg=None, normalize_features=True):
    init_default_scope('mmseg')
    return MODELS.build(dict(
        type='ClusterSegmentor',
        data_preprocessor=dict(
            type='SegDataPreProcessor', mean=[100., 110., 120.],
            std=[50., 60., 70.], bgr_to_rgb=True),
        backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3),
                      style='pytorch'),
        neck=dict(type='LateralFPN', in_channels=[64, 128, 256, 512],
                  out_channels=16),
        cluster_head=dict(type='ClusterHead', num_clusters=3, channels=16),
        normalize_features=normalize_features,
        test_cfg=test_cfg)).eval()


def batch(model, h=32, w=48):
    img = torch.randint(0, 256, (3, h, w), dtype=torch.uint8)
    sample = SegDataSample(metainfo=dict(ori_shape=(h, w), img_shape=(h, w)))
    return img, model.data_preprocessor(
        dict(inputs=[img], data_samples=[sample]), False)


def predict_logits(model, inputs, samples):
    with torch.no_grad():
        out = model.predict(inputs, samples)[0]
    return out.seg_logits.data, out.pred_sem_seg.data


def test_unnormalise_recovers_the_rgb_image():
    model = build()
    img, data = batch(model)
    rgb = model._unnormalise(data['inputs'])
    assert rgb.dtype == torch.uint8 and rgb.shape == (1, 32, 48, 3)
    # the loaded image is BGR; bgr_to_rgb flips it, _unnormalise keeps RGB
    assert torch.equal(rgb[0], img.flip(0).permute(1, 2, 0))


@pytest.mark.parametrize('normalize', [True, False])
def test_clustered_features_are_the_finest_level_unit_norm(normalize):
    model = build(normalize_features=normalize)
    _, data = batch(model)
    with torch.no_grad():
        feats = model.cluster_features(data['inputs'], None)['cluster_head']
    assert feats.shape == (1, 16, 8, 12)  # LateralFPN: stride 4
    norms = feats.norm(dim=1)
    assert torch.allclose(norms, torch.ones_like(norms)) == normalize


def test_flip_averages_the_image_and_its_flip_back_in_place():
    """With stub logits ``x * (column index)``, which are not
    flip-equivariant, flip TTA gives ``x * (W - 1) / 2`` exactly:
    (x * r + flip(flip(x) * r)) / 2 = x * (r + flip(r)) / 2."""
    model = build(dict(flip=True))
    width = 6
    model.encode_decode = lambda x, _: x * torch.arange(width,
                                                         dtype=x.dtype)
    x = torch.randn(1, 3, 4, width)
    sample = SegDataSample(metainfo=dict(ori_shape=(4, width),
                                         img_shape=(4, width)))
    logits, labels = predict_logits(model, x, [sample])
    torch.testing.assert_close(logits, x[0] * (width - 1) / 2)
    assert torch.equal(labels[0], logits.argmax(0))


def test_flip_tta_makes_the_model_flip_equivariant():
    _, data = batch(build())
    x, samples = data['inputs'], data['data_samples']
    for flip in (False, True):
        model = build(dict(flip=flip))
        torch.manual_seed(1)
        model.cluster_head.set_centroids(torch.randn(3, 16))
        plain, labels = predict_logits(model, x, samples)
        mirrored, _ = predict_logits(model, x.flip(-1), samples)
        assert plain.shape == (3, 32, 48)
        assert torch.equal(labels[0], plain.argmax(0))
        # a random-init ResNet is not flip-equivariant; flip TTA is
        assert torch.allclose(mirrored, plain.flip(-1), atol=1e-5) == flip


def test_crf_returns_log_probabilities_of_the_unaries():
    model = build(dict(crf=dict(type='DenseCRF')))
    model.cluster_head.set_centroids(torch.randn(3, 16))
    _, data = batch(model)
    logits, labels = predict_logits(model, data['inputs'],
                                    data['data_samples'])
    assert logits.shape == (3, 32, 48) and (logits <= 0).all()
    torch.testing.assert_close(logits.exp().sum(0),
                               torch.ones(32, 48), atol=1e-4, rtol=0)
    assert torch.equal(labels[0], logits.argmax(0))
    assert math.isfinite(float(logits.min()))


def test_loss_and_bad_test_cfg_fail_clearly():
    with pytest.raises(KeyError, match='crf'):
        build(dict(crf_iters=3))
    model = build()
    with pytest.raises(RuntimeError, match='NonParametricTrainLoop'):
        model.loss(torch.zeros(1, 3, 32, 32), [])
