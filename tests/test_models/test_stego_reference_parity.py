"""mmusseg's STEGO against outputs of mhamilton723/STEGO's own code.

The fixtures in ``tests/fixtures/stego/`` were produced by running the
reference (commit eb4d6b521740bd4265681b353547f2ffca65d673, files named in
``README.json`` and in each fixture's name) on CPU on the inputs that the
functions below regenerate from seeds. Random draws of the reference
(Dropout2d masks, sampled points, negative partners) were replayed from the
same recipe, so the comparison is exact up to float rounding.
"""
import json
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import nn

import mmusseg  # noqa: F401
from mmusseg.models.backbones.frozen_vit import dino_resize_pos_embed
from mmusseg.models.heads import ClusterProbe, LinearProbe, STEGOHead
from mmusseg.models.utils.dense_crf import DenseCRF, stego_crf_image

FIXTURES = Path(__file__).parents[1] / 'fixtures' / 'stego'
B, C, H, W, D, P = 4, 16, 6, 6, 5, 11


def loss_inputs():
    """The recipe of ``loss_modules.py_eb4d6b5.json`` (numpy seed 0)."""
    rng = np.random.default_rng(0)

    def normal(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    inputs = dict(feats=normal(B, C, H, W), feats_pos=normal(B, C, H, W),
                  lin_w=normal(D, C, 1, 1) * 0.3, lin_b=normal(D) * 0.3,
                  nl0_w=normal(C, C, 1, 1) * 0.3, nl0_b=normal(C) * 0.3,
                  nl2_w=normal(D, C, 1, 1) * 0.3, nl2_b=normal(D) * 0.3)
    # Dropout2d keep-masks in call order: image (linear branch, non-linear
    # branch, loss features), then partner (same order)
    inputs['masks'] = [(rng.random((B, C, 1, 1)) >= 0.1).astype(np.float32)
                       for _ in range(6)]
    # the two torch.rand draws of sampled points, before the map to [-1, 1]
    inputs['uniform1'] = rng.random((B, P, P, 2)).astype(np.float32)
    inputs['uniform2'] = rng.random((B, P, P, 2)).astype(np.float32)
    perms = []
    for _ in range(5):
        perm = rng.permutation(B)
        perm[perm == np.arange(B)] += 1
        perms.append(perm % B)
    inputs['perms'] = perms
    return inputs


class ReplayDropout2d:
    """Stands in for ``F.dropout2d``: applies the given masks in order."""

    def __init__(self, masks):
        self.masks = [torch.from_numpy(m) for m in masks]
        self.used = 0

    def __call__(self, input, p=0.5, training=True, inplace=False):
        if not training:
            return input
        mask = self.masks[self.used]
        self.used += 1
        return input * mask / (1 - p)


@MODELS.register_module(force=True)
class GivenFeatures(nn.Module):
    """A 'backbone' whose inputs already are the (B, C, h, w) features."""

    def forward(self, inputs):
        return (inputs, )


def head_state(inputs):
    return {
        'linear.weight': inputs['lin_w'], 'linear.bias': inputs['lin_b'],
        'nonlinear.0.weight': inputs['nl0_w'],
        'nonlinear.0.bias': inputs['nl0_b'],
        'nonlinear.2.weight': inputs['nl2_w'],
        'nonlinear.2.bias': inputs['nl2_b']
    }


def build_stego(inputs, preset='coco_vit-s', **kwargs):
    init_default_scope('mmseg')
    kwargs.setdefault('data_preprocessor', dict(type='SegDataPreProcessor'))
    model = MODELS.build(dict(
        type='STEGO',
        backbone=dict(type='GivenFeatures'),
        head=dict(type='STEGOHead', in_channels=C, code_dim=D),
        loss=dict(type='CorrespondenceLoss', preset=preset),
        num_clusters=3,
        **kwargs))
    model.head.load_state_dict(
        {k: torch.from_numpy(v) for k, v in head_state(inputs).items()})
    return model


def fixture(name):
    return np.load(FIXTURES / name)


def reference_loss(preset):
    with open(FIXTURES / 'loss_modules.py_eb4d6b5.json') as f:
        return json.load(f)['presets'][preset]


@pytest.mark.parametrize(
    'preset', ['coco_vit-s', 'coco_vit-b', 'cityscapes', 'potsdam_vit-s'])
def test_training_loss_equals_the_reference(preset, monkeypatch):
    """The whole STEGO.loss: head with one mask per branch, Dropout2d loss
    features, self term on the same points, partner features and code,
    STEGO's negative partners and the presets' weights."""
    inputs = loss_inputs()
    model = build_stego(inputs, preset).train()
    replay = ReplayDropout2d(inputs['masks'])
    monkeypatch.setattr(torch.nn.functional, 'dropout2d', replay)
    coords = [torch.from_numpy(inputs[f'uniform{i}']) * 2 - 1 for i in (1, 2)]
    perms = [torch.from_numpy(p) for p in inputs['perms']]
    loss = model.correspondence_loss
    monkeypatch.setattr(loss, 'random_coords', lambda *a: coords.pop(0))
    monkeypatch.setattr(loss, 'random_partners', lambda *a: perms.pop(0))
    samples = []
    for partner in torch.from_numpy(inputs['feats_pos']):
        sample = SegDataSample()
        sample.knn_inputs = partner
        samples.append(sample)
    losses = model.loss(torch.from_numpy(inputs['feats']), samples)
    assert replay.used == 6 and not coords and not perms
    expected = reference_loss(preset)
    for name in ('loss_self', 'loss_knn', 'loss_rand'):
        assert float(losses[name]) == pytest.approx(
            expected[name], rel=1e-5, abs=1e-7), name
    total = sum(float(losses[n]) for n in ('loss_self', 'loss_knn',
                                           'loss_rand'))
    assert total == pytest.approx(expected['total'], rel=1e-5, abs=1e-7)


def test_head_equals_the_reference_in_eval_and_train_mode(monkeypatch):
    inputs = loss_inputs()
    reference = fixture('loss_head_modules.py_eb4d6b5.npz')
    head = STEGOHead(in_channels=C, code_dim=D)
    head.load_state_dict(
        {k: torch.from_numpy(v) for k, v in head_state(inputs).items()})
    feats = torch.from_numpy(inputs['feats'])
    with torch.no_grad():
        torch.testing.assert_close(head.eval()(feats),
                                   torch.from_numpy(reference['code_eval']),
                                   rtol=1e-5, atol=1e-6)
        # train mode: the linear then the non-linear branch draw a mask each
        monkeypatch.setattr(torch.nn.functional, 'dropout2d',
                            ReplayDropout2d(inputs['masks'][:2]))
        torch.testing.assert_close(head.train()(feats),
                                   torch.from_numpy(reference['code']),
                                   rtol=1e-5, atol=1e-6)
        head.shared_dropout_mask = True
        monkeypatch.setattr(torch.nn.functional, 'dropout2d',
                            ReplayDropout2d(inputs['masks'][:2]))
        assert not torch.allclose(head(feats),
                                  torch.from_numpy(reference['code']),
                                  atol=1e-3)


def test_knn_features_are_dropped_out_as_the_reference(monkeypatch):
    inputs = loss_inputs()
    reference = fixture('loss_head_modules.py_eb4d6b5.npz')['knn_feats']
    model = build_stego(inputs)
    feats = torch.from_numpy(inputs['feats'])
    # the reference's features take the third mask its featurizer draws
    monkeypatch.setattr(torch.nn.functional, 'dropout2d',
                        ReplayDropout2d(inputs['masks'][2:3]))
    torch.testing.assert_close(model.eval().knn_features(feats),
                               torch.from_numpy(reference), rtol=1e-5,
                               atol=1e-6)
    clean = build_stego(inputs, knn_feature_dropout=0.0).knn_features(feats)
    assert not torch.allclose(clean, torch.from_numpy(reference), atol=1e-3)


def probe_inputs():
    rng = np.random.default_rng(1)
    code = rng.standard_normal((2, 5, 6, 6)).astype(np.float32)
    clusters = rng.standard_normal((7, 5)).astype(np.float32)
    lin_w = rng.standard_normal((6, 5, 1, 1)).astype(np.float32)
    lin_b = rng.standard_normal(6).astype(np.float32)
    labels = rng.integers(-1, 6, (2, 13, 13))
    return code, clusters, lin_w, lin_b, labels


def test_probes_equal_the_reference():
    code, clusters, lin_w, lin_b, labels = probe_inputs()
    reference = fixture('probes_modules.py_eb4d6b5.npz')
    probe = ClusterProbe(5, 7)
    probe.centroids.data = torch.from_numpy(clusters)
    code = torch.from_numpy(code)
    logits, loss = probe(code)
    assert float(loss) == pytest.approx(float(reference['cluster_loss']),
                                        rel=1e-6)
    assert np.array_equal(
        F.one_hot(logits.argmax(1), 7).permute(0, 3, 1, 2).numpy(),
        reference['cluster_onehot'])
    # evaluation: cosines of the code upsampled to the label size, x 2
    upsampled = F.interpolate(code, (13, 13), mode='bilinear',
                              align_corners=False)
    log_probs = torch.log_softmax(2 * probe(upsampled)[0], dim=1)
    np.testing.assert_allclose(log_probs.detach().numpy(),
                               reference['log_probs_upsampled'], rtol=1e-5,
                               atol=1e-6)
    linear = LinearProbe(5, 6)
    linear.classifier.weight.data = torch.from_numpy(lin_w)
    linear.classifier.bias.data = torch.from_numpy(lin_b)
    ignore = torch.from_numpy(np.where(labels < 0, 255, labels))
    _, linear_loss = linear(code, ignore)
    assert float(linear_loss) == pytest.approx(
        float(reference['linear_loss']), rel=1e-5)


def crf_inputs():
    rng = np.random.default_rng(3)
    blocks = rng.integers(0, 256, (4, 4, 3))
    image = np.clip(np.kron(blocks, np.ones((8, 10, 1))) +
                    rng.normal(0, 6, (32, 40, 3)), 0, 255).astype(np.uint8)
    logits = (rng.standard_normal((4, 32, 40)) * 1.5).astype(np.float32)
    return image, logits


def test_crf_gets_stegos_image_and_gives_its_result():
    image, logits = crf_inputs()
    reference = fixture('crf_crf.py_eb4d6b5.npz')
    # what STEGO's model hands the CRF, from an mmseg-preprocessed batch
    # (loaded BGR, converted to RGB and normalised by SegDataPreProcessor)
    model = build_stego(loss_inputs(), data_preprocessor=dict(
        type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375], bgr_to_rgb=True))
    bgr = torch.from_numpy(np.ascontiguousarray(image[..., ::-1]))
    batch = model.data_preprocessor(
        dict(inputs=[bgr.permute(2, 0, 1)]), False)['inputs']
    crf_image = model._unnormalise(batch)[0].numpy()
    assert np.array_equal(crf_image, reference['crf_image'])
    assert np.array_equal(
        stego_crf_image(torch.from_numpy(image)[None])[0].numpy(),
        reference['crf_image'])
    probs = torch.softmax(torch.from_numpy(logits), dim=0)[None].numpy()
    refined = DenseCRF()(crf_image[None], probs)[0]
    np.testing.assert_allclose(refined, reference['q'], atol=1e-6)
    # the RGB image rounded (mmusseg's former input) gives another result
    model.crf_image = 'rgb'
    rgb = model._unnormalise(batch)[0].numpy()
    assert np.array_equal(rgb, image)
    assert not np.allclose(DenseCRF()(rgb[None], probs)[0], reference['q'],
                           atol=1e-3)


def test_dino_position_embedding_resize_equals_dinos():
    pos = np.random.default_rng(5).standard_normal((1, 17, 8)).astype(
        np.float32)
    reference = fixture('pos_embed_vision_transformer.py_eb4d6b5.npz')
    resized = dino_resize_pos_embed(torch.from_numpy(pos), (4, 4), (5, 7))
    np.testing.assert_allclose(resized.numpy(), reference['pos_embed'],
                               atol=1e-6)
