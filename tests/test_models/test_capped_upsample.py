"""PASS's inference rule for large images (LUSSeg/PASS ``inference.py``,
8ac6b9f): fixture ``tests/fixtures/pass/inference_large_image_rule.json``."""
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mmusseg  # noqa: F401
from mmusseg.models.segmentors import capped_upsample_prediction

FIXTURE = (Path(__file__).parents[1] / 'fixtures' / 'pass' /
           'inference_large_image_rule.json')


def _digest(pred):
    return hashlib.sha256(np.ascontiguousarray(
        pred.numpy().astype(np.int64)).tobytes()).hexdigest()


@pytest.mark.parametrize('case', json.loads(FIXTURE.read_text())['cases'],
                         ids=lambda c: f"{c['H']}x{c['W']}")
def test_prediction_matches_the_reference_rule(case):
    """Small images: bilinear to H x W then argmax; above 1000^2 pixels:
    bilinear to height 1000, argmax, nearest to H x W."""
    logits = torch.randn((1, 6, case['h'], case['w']),
                         generator=torch.Generator().manual_seed(case['seed']))
    pred = capped_upsample_prediction(logits, (case['H'], case['W']), 1000)
    assert pred.shape == (case['H'], case['W'])
    assert np.bincount(pred.flatten().numpy(),
                       minlength=6).tolist() == case['counts']
    assert _digest(pred) == case['sha256_int64']


def test_segmentor_predicts_from_head_logits_at_the_original_size():
    init_default_scope('mmseg')
    model = MODELS.build(dict(
        type='CappedUpsampleEncoderDecoder',
        max_res=10,
        backbone=dict(type='ResNet', depth=18, out_indices=(3, )),
        decode_head=dict(type='FCNHead', in_channels=512, in_index=0,
                         channels=512, num_convs=0, concat_input=False,
                         num_classes=4))).eval()
    inputs = torch.randn(1, 3, 64, 96)
    samples = [SegDataSample(metainfo=dict(ori_shape=(21, 30),
                                           img_shape=(64, 96)))]
    with torch.no_grad():
        pred = model.predict(inputs, samples)[0].pred_sem_seg.data[0]
        logits = model.decode_head(model.extract_feat(inputs))
    assert logits.shape[-2:] == (2, 3)  # stride 32, no resize to the input
    # 630 > 10^2 pixels: argmax at (10, 14), nearest to (21, 30)
    small = torch.nn.functional.interpolate(
        torch.nn.functional.interpolate(logits, (10, 14), mode='bilinear'
                                        ).argmax(1, keepdim=True).float(),
        (21, 30), mode='nearest')
    assert torch.equal(pred, small[0, 0].long())
    padded = [SegDataSample(metainfo=dict(ori_shape=(21, 30),
                                          padding_size=[0, 4, 0, 0]))]
    with pytest.raises(ValueError, match='unpadded'):
        model.predict(inputs, padded)
