"""STEGO's training and prediction paths against hand-built expectations:
partner padding, which partner each sample's loss uses, detached probes,
flip on the code, cosines after upsampling, and the CRF on both probes."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import nn

import mmusseg  # noqa: F401
from mmusseg.models.utils.dense_crf import DenseCRF, stego_crf_image

MEAN = [123.675, 116.28, 103.53]
STD = [58.395, 57.12, 57.375]


@MODELS.register_module(force=True)
class HalfResolution(nn.Module):
    """A 'backbone': the input, average-pooled by 2 (a stride-2 map)."""

    def forward(self, inputs):
        return (F.avg_pool2d(inputs, 2), )


class Stack(nn.Module):
    """A data preprocessor that only stacks (partners given normalised)."""

    def forward(self, data, training=False):
        return dict(inputs=torch.stack(data['inputs']))


def build(channels=3, **kwargs):
    init_default_scope('mmseg')
    torch.manual_seed(0)
    cfg = dict(
        type='STEGO',
        data_preprocessor=dict(type='SegDataPreProcessor', mean=MEAN,
                               std=STD, bgr_to_rgb=True),
        backbone=dict(type='HalfResolution'),
        head=dict(type='STEGOHead', in_channels=channels, code_dim=4),
        loss=dict(type='CorrespondenceLoss', preset='coco_vit-s'),
        num_clusters=3)
    cfg.update(kwargs)
    return MODELS.build(cfg)


def images(seed, shape):
    """uint8 BGR (3, H, W) tensors, as the loading pipeline gives them."""
    rng = np.random.default_rng(seed)
    return [torch.from_numpy(rng.integers(0, 256, (3, ) + shape,
                                          dtype=np.uint8))
            for _ in range(2)]


def test_partner_is_normalised_and_zero_padded_bottom_right():
    model = build()
    batch = model.data_preprocessor(dict(inputs=images(0, (8, 10))), False)
    small = images(1, (5, 6))
    samples = []
    for partner in small:
        sample = SegDataSample()
        sample.knn_inputs = partner
        samples.append(sample)
    padded = model._partner_inputs(batch['inputs'], samples)
    assert padded.shape == (2, 3, 8, 10)
    for got, partner in zip(padded, small):
        rgb = partner.flip(0).float()
        expected = (rgb - torch.tensor(MEAN)[:, None, None]) / torch.tensor(
            STD)[:, None, None]
        torch.testing.assert_close(got[:, :5, :6], expected)
        assert (got[:, 5:] == 0).all() and (got[:, :, 6:] == 0).all()
    with pytest.raises(KeyError, match='KNNPairDataset'):
        model._partner_inputs(batch['inputs'], [SegDataSample()])


def test_loss_pairs_each_image_with_its_own_partner_and_detaches_probes():
    model = build(loss_feature_dropout=0.0,
                  num_classes=2).train()
    model.head.dropout.p = 0.0
    rng = np.random.default_rng(2)
    inputs = torch.from_numpy(rng.standard_normal((3, 3, 8, 8))).float()
    partners = torch.from_numpy(rng.standard_normal((3, 3, 8, 8))).float()
    coords = (torch.rand(3, 11, 11, 2) * 2 - 1,
              torch.rand(3, 11, 11, 2) * 2 - 1)
    perms = [torch.tensor([1, 2, 0])] * 5
    loss_fn = model.correspondence_loss
    model.data_preprocessor = Stack()

    def run(order):
        samples = []
        for i in order:
            sample = SegDataSample()
            sample.knn_inputs = partners[i]
            sample.gt_sem_seg = PixelData(
                data=torch.randint(0, 2, (1, 8, 8)))
            samples.append(sample)
        loss_fn.random_coords = lambda *a, it=iter(coords): next(it)
        loss_fn.random_partners = lambda *a, it=iter(perms): next(it)
        return model.loss(inputs, samples)

    losses = run([0, 1, 2])
    feats = F.avg_pool2d(inputs, 2)
    feats_knn = F.avg_pool2d(partners, 2)
    expected = loss_fn(feats, feats_knn, model.head(feats),
                       model.head(feats_knn), coords=coords, perms=perms)
    for name, value in expected.items():
        torch.testing.assert_close(losses[name], value)
    swapped = run([1, 0, 2])
    torch.testing.assert_close(swapped['loss_self'], losses['loss_self'])
    assert not torch.allclose(swapped['loss_knn'], losses['loss_knn'])
    assert 'loss_linear_probe' in losses
    model.zero_grad()
    (losses['loss_cluster_probe'] + losses['loss_linear_probe']).backward()
    assert all(p.grad is None for p in model.head.parameters())
    assert model.cluster_probe.centroids.grad is not None


def cosine_logits(code, centroids):
    unit = code / np.linalg.norm(code, axis=1, keepdims=True)
    cent = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
    return np.einsum('bchw,kc->bkhw', unit, cent)


@pytest.mark.parametrize('upsample_code', [True, False])
def test_predict_averages_flipped_codes_and_upsamples_as_configured(
        upsample_code):
    model = build(test_cfg=dict(flip=True, upsample_code=upsample_code),
                  num_classes=2).eval()
    batch = model.data_preprocessor(dict(inputs=images(3, (8, 12))), False)
    inputs = batch['inputs']
    with torch.no_grad():
        samples = model.predict(inputs, [
            SegDataSample(metainfo=dict(ori_shape=(8, 12), img_shape=(8,
                                                                      12)))
            for _ in range(2)
        ])
        head = model.head
        code = (head(F.avg_pool2d(inputs, 2)) +
                head(F.avg_pool2d(inputs.flip(-1), 2)).flip(-1)) / 2
        centroids = model.cluster_probe.centroids.numpy()
        up = lambda x: F.interpolate(  # noqa: E731
            x, (8, 12), mode='bilinear', align_corners=False)
        if upsample_code:
            expected = cosine_logits(up(code).numpy(), centroids)
        else:
            expected = up(torch.from_numpy(cosine_logits(
                code.numpy(), centroids))).numpy()
        linear = model.linear_probe.classifier(up(code)).argmax(1)
    for i, sample in enumerate(samples):
        np.testing.assert_allclose(sample.seg_logits.data.numpy(),
                                   expected[i], atol=1e-5)
        assert torch.equal(sample.pred_sem_seg.data[0],
                           torch.from_numpy(expected[i].argmax(0)))
        assert torch.equal(sample.pred_linear_sem_seg.data[0], linear[i])


def test_crf_refines_both_probes_on_stegos_image():
    model = build(num_classes=2,
                  test_cfg=dict(flip=False, crf=dict(type='DenseCRF'))).eval()
    batch = model.data_preprocessor(dict(inputs=images(4, (16, 16))), False)
    inputs = batch['inputs']
    metas = [SegDataSample(metainfo=dict(ori_shape=(16, 16),
                                         img_shape=(16, 16)))
             for _ in range(2)]
    with torch.no_grad():
        samples = model.predict(inputs, metas)
        code = F.interpolate(model.head(F.avg_pool2d(inputs, 2)), (16, 16),
                             mode='bilinear', align_corners=False)
        cos = model.cluster_probe(code)[0]
        linear = model.linear_probe.classifier(code)
    rgb = torch.stack([i.flip(0) for i in images(4, (16, 16))]).permute(
        0, 2, 3, 1)
    crf_image = stego_crf_image(rgb).numpy()
    cluster = DenseCRF()(crf_image, torch.softmax(2 * cos, 1).numpy())
    for i, sample in enumerate(samples):
        assert np.array_equal(sample.pred_sem_seg.data[0].numpy(),
                              cluster[i].argmax(0))

    # the linear probe goes through the same CRF, with unaries
    # softmax(logits) (no x2) and the same image: a spy CRF that inverts
    # the two-class probabilities shows where its output went
    calls = []

    def spy(image, probs):
        calls.append((image, probs))
        return 1 - probs

    model.crf = spy
    with torch.no_grad():
        spied = model.predict(inputs, metas)
    assert len(calls) == 2  # cluster probe, then linear probe
    image, probs = calls[1]
    assert np.array_equal(image.numpy(), crf_image)
    torch.testing.assert_close(probs, torch.softmax(linear, 1))
    for i, sample in enumerate(spied):
        assert torch.equal(sample.pred_linear_sem_seg.data[0],
                           linear[i].argmin(0))
    model.linear_crf = False
    calls.clear()
    with torch.no_grad():
        plain = model.predict(inputs, metas)
    assert len(calls) == 1
    for i, sample in enumerate(plain):
        assert torch.equal(sample.pred_linear_sem_seg.data[0],
                           linear[i].argmax(0))


def test_stego_options_are_checked():
    with pytest.raises(ValueError, match='crf_image'):
        build(test_cfg=dict(crf_image='bgr'))
    with pytest.raises(ValueError, match='loss_feature_dropout'):
        build(loss_feature_dropout=1.0)
