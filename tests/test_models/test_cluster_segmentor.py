import pytest
import torch
from mmengine.registry import init_default_scope

import mmusseg  # noqa: F401
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample


def build(test_cfg=None):
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
        test_cfg=test_cfg)).eval()


def batch(model, h=32, w=48):
    img = torch.randint(0, 256, (3, h, w), dtype=torch.uint8)
    sample = SegDataSample(metainfo=dict(ori_shape=(h, w), img_shape=(h, w)))
    return img, model.data_preprocessor(
        dict(inputs=[img], data_samples=[sample]), False)


def test_unnormalise_recovers_the_rgb_image():
    model = build()
    img, data = batch(model)
    rgb = model._unnormalise(data['inputs'])
    assert rgb.dtype == torch.uint8 and rgb.shape == (1, 32, 48, 3)
    # the loaded image is BGR; bgr_to_rgb flips it, _unnormalise keeps RGB
    assert torch.equal(rgb[0], img.flip(0).permute(1, 2, 0))


@pytest.mark.parametrize('test_cfg', [None, dict(flip=True),
                                      dict(crf=dict(type='DenseCRF'))])
def test_predict_paths(test_cfg):
    model = build(test_cfg)
    model.cluster_head.set_centroids(torch.randn(3, 16))
    _, data = batch(model)
    with torch.no_grad():
        out = model.predict(data['inputs'], data['data_samples'])[0]
    assert out.pred_sem_seg.data.shape == (1, 32, 48)
    assert out.seg_logits.data.shape == (3, 32, 48)
    assert out.pred_sem_seg.data.max() < 3


def test_flip_averages_logits_of_both_views():
    model = build(dict(flip=True))
    model.cluster_head.set_centroids(torch.randn(3, 16))
    _, data = batch(model)
    x = data['inputs']
    with torch.no_grad():
        expected = (model.encode_decode(x, None) +
                    model.encode_decode(x.flip(-1), None).flip(-1)) / 2
        got = model.predict(x, data['data_samples'])[0].seg_logits.data
    torch.testing.assert_close(got, expected[0])


def test_loss_and_bad_test_cfg_fail_clearly():
    with pytest.raises(KeyError, match='crf'):
        build(dict(crf_iters=3))
    model = build()
    with pytest.raises(RuntimeError, match='NonParametricTrainLoop'):
        model.loss(torch.zeros(1, 3, 32, 32), [])
