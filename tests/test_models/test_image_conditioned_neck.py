"""ImageConditionedNeck: the segmentor passes the image to a neck that
implements the interface, and only to such a neck."""
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from torch import nn

from mmusseg.models.necks import ImageConditionedNeck


class _Backbone(nn.Module):
    """Two levels: the input itself and its 2x average pool."""

    def forward(self, x):
        return (x, nn.functional.avg_pool2d(x, 2))


class _ImageNeck(nn.Module, ImageConditionedNeck):
    """Adds the image to the finest level and records what it got."""

    def forward(self, inputs, image):
        self.received = image
        return (inputs[0] + 2 * image, )


class _PlainNeck(nn.Module):
    """Records any argument besides the features. It also carries the old
    duck-typed flag, which must not matter any more."""

    takes_image = True

    def forward(self, inputs, *extra):
        self.extra = extra
        return (inputs[0], )


def _segmentor(neck: nn.Module):
    init_default_scope('mmseg')
    model = MODELS.build(
        dict(
            type='ClusterSegmentor',
            backbone=dict(type='ResNet', depth=18),
            neck=None,
            cluster_head=dict(type='ClusterHead', num_clusters=2,
                              channels=3),
            normalize_features=False))
    model.backbone = _Backbone()
    model.neck = neck
    return model


def test_image_conditioned_neck_receives_the_image():
    neck = _ImageNeck()
    inputs = torch.randn(2, 3, 8, 8)
    feats = _segmentor(neck).extract_feat(inputs)
    assert neck.received is inputs
    torch.testing.assert_close(feats, 3 * inputs)


def test_other_neck_does_not_receive_the_image():
    neck = _PlainNeck()
    inputs = torch.randn(2, 3, 8, 8)
    feats = _segmentor(neck).extract_feat(inputs)
    assert neck.extra == ()
    torch.testing.assert_close(feats, inputs)


def test_cae_implements_the_interface_and_fpn_does_not():
    init_default_scope('mmseg')
    fpn = dict(type='LateralFPN', in_channels=[4, 8], out_channels=6)
    cae = MODELS.build(
        dict(type='ContextAwareEmbedding', fpn=fpn, channels=6))
    assert isinstance(cae, ImageConditionedNeck)
    assert not isinstance(MODELS.build(fpn), ImageConditionedNeck)
