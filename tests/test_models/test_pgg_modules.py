"""PGG + CAE building blocks: the context-aware embedding, the guidance
head, pyramid boxes replayed into views, the image labels, the ISS encoder
and the PGG loss."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmpretrain.models import MoCoV2Neck, ResNet, SwAVNeck
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmusseg.clustering import image_pseudo_labels
from mmusseg.models.backbones import GlobalEncoder
from mmusseg.models.heads import GlobalGuidanceHead
from mmusseg.models.necks import ContextAwareEmbedding
from mmusseg.models.utils import crop_resize_center, pyramid_boxes
from mmusseg.models.utils.paired_views import PairedViewSampler
from mmusseg.testing.iss_checkpoint import make_random_iss_checkpoint

FPN = dict(type='LateralFPN', in_channels=[4, 8], out_channels=6)


def _cae(affinity='both', **kwargs):
    init_default_scope('mmseg')
    return ContextAwareEmbedding(fpn=FPN, channels=6, affinity=affinity,
                                 **kwargs)


def _pyramid_inputs(seed=0, size=64):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(2, 4, size // 4, size // 4, generator=g),
            torch.randn(2, 8, size // 8, size // 8, generator=g)]


def test_cae_output_stride_and_modes():
    image = torch.randn(2, 3, 64, 96)
    feats = [torch.randn(2, 4, 16, 24), torch.randn(2, 8, 8, 12)]
    for affinity in ('both', 'raw', 'feature'):
        out, = _cae(affinity)(feats, image)
        assert out.shape == (2, 6, 8, 12)  # 1/8 of the image
    with pytest.raises(ValueError, match='affinity'):
        _cae('colour')
    with pytest.raises(ValueError, match='attention_stride'):
        _cae(attention_stride=4, out_stride=8)


def test_cae_raw_attention_matches_the_kernels():
    """Raw-only attention = normalised appearance + smoothness kernels,
    computed here pixel pair by pixel pair."""
    cae = _cae('raw', appearance_weight=2.0, smoothness_weight=0.5,
               appearance_position_bandwidth=0.4, colour_bandwidth=0.7,
               smoothness_bandwidth=0.2)
    image = torch.randn(1, 3, 3, 4, dtype=torch.float64)
    feats = torch.randn(1, 6, 3, 4, dtype=torch.float64)
    attn = cae.double().attention(feats, image)[0].detach().numpy()
    h, w = 3, 4
    pos = [((y + 0.5) / 4, (x + 0.5) / 4) for y in range(h) for x in range(w)]
    col = image[0].flatten(1).T.numpy()
    expected = np.zeros((h * w, h * w))
    for i in range(h * w):
        for j in range(h * w):
            d_pos = (pos[i][0] - pos[j][0])**2 + (pos[i][1] - pos[j][1])**2
            d_col = ((col[i] - col[j])**2).sum()
            expected[i, j] = (
                2.0 * math.exp(-d_pos / (2 * 0.4**2) - d_col / (2 * 0.7**2))
                + 0.5 * math.exp(-d_pos / (2 * 0.2**2)))
    expected /= expected.sum(1, keepdims=True)
    np.testing.assert_allclose(attn, expected, rtol=1e-6, atol=1e-12)


def test_cae_feature_attention_is_cosine_softmax():
    cae = _cae('feature', feature_temperature=0.5)
    feats = torch.randn(2, 6, 2, 3)
    attn = cae.attention(feats, torch.zeros(2, 3, 2, 3))
    flat = F.normalize(feats.flatten(2), dim=1)
    cos = torch.einsum('bci,bcj->bij', flat, flat)
    torch.testing.assert_close(attn, (cos / 0.5).softmax(-1))


def test_cae_forward_is_projected_sum_of_feature_and_context():
    """With a 1/16 grid equal to the 1/8 output (stride 16 = 8 here is not
    allowed, so compare against a manual recomputation instead)."""
    cae = _cae('both')
    image = torch.randn(2, 3, 64, 64)
    feats = _pyramid_inputs()
    fpn, = cae.fpn(feats)
    pooled = F.adaptive_avg_pool2d(fpn, (4, 4))
    attn = cae.attention(pooled, F.adaptive_avg_pool2d(image, (4, 4)))
    context = torch.einsum('bij,bcj->bci', attn,
                           pooled.flatten(2)).reshape(2, 6, 4, 4)
    base = F.adaptive_avg_pool2d(fpn, (8, 8))
    expected = cae.projector(base + F.interpolate(
        context, size=(8, 8), mode='bilinear', align_corners=False))
    torch.testing.assert_close(cae(feats, image)[0], expected)


def test_cae_kernel_parameters_learn():
    cae = _cae('both')
    out, = cae(_pyramid_inputs(), torch.randn(2, 3, 64, 64))
    out.pow(2).mean().backward()
    for name in ('log_appearance_weight', 'log_smoothness_weight',
                 'log_theta_alpha', 'log_theta_beta', 'log_theta_gamma'):
        grad = getattr(cae, name).grad
        assert grad is not None and grad.abs() > 0, name
    assert set(cae.kernel_parameters()) == {
        'appearance_weight', 'smoothness_weight', 'theta_alpha',
        'theta_beta', 'theta_gamma'}
    assert _cae('feature').kernel_parameters() == {}


@pytest.mark.parametrize('head_type', ['cam', 'mod'])
def test_guidance_head_pools_each_region(head_type):
    torch.manual_seed(0)
    head = GlobalGuidanceHead(6, num_classes=5, channels=7,
                              head_type=head_type)
    feats = torch.randn(2, 6, 4, 5)
    regions = torch.zeros(2, 3, 4, 5)
    regions[:, 0] = 1
    regions[0, 1, :2, :2] = 1
    regions[1, 2, 3:, 1:] = 1
    logits = head(feats, regions)
    assert logits.shape == (2, 3, 5)
    x = F.relu(head.conv(feats))
    for b, r in ((0, 0), (0, 1), (1, 2)):
        mask = regions[b, r].bool()
        pooled = x[b][:, mask].mean(1)
        if head_type == 'mod':
            pooled = head.summary(pooled)
        torch.testing.assert_close(logits[b, r], head.classifier(pooled))
    with pytest.raises(ValueError, match='do not match'):
        head(feats, regions[..., :3])
    with pytest.raises(ValueError, match='head_type'):
        GlobalGuidanceHead(6, 5, head_type='fc')


def test_pyramid_boxes():
    boxes = pyramid_boxes(0.5)
    assert boxes == [(0, 0, 1, 1), (0, 0, .5, .5), (0, .5, .5, .5),
                     (.5, 0, .5, .5), (.5, .5, .5, .5), (.25, .25, .5, .5)]
    assert pyramid_boxes(0.4, pyramid=False) == [(0, 0, 1, 1)]
    with pytest.raises(ValueError):
        pyramid_boxes(1.0)


def test_box_in_view_follows_crop_and_flip():
    """The mask marks where the box's pixels land in the view: check by
    replaying the view's geometry on an image that is 1 inside the box."""
    sampler = PairedViewSampler()
    size = (16, 16)
    box = (0.5, 0.0, 0.5, 0.5)  # bottom-left quarter
    image = torch.zeros(1, 64, 64)
    image[:, 32:, :32] = 1
    for flip in (False, True):
        p = dict(crop=(0.25, 0.125, 0.75, 0.5), flip=flip)
        mask = sampler.box_in_view(box, p, size)
        view = sampler.geometric(image, p, size)[0]
        assert mask is not None
        # cells fully inside the box in the replayed image are in the mask
        assert torch.equal(mask[view > 0.99], torch.ones_like(
            mask[view > 0.99]))
        assert not mask[view < 0.01].any()
    # a box outside the crop, or covered less than asked, has no mask
    p = dict(crop=(0.0, 0.5, 0.5, 0.5), flip=False)
    assert sampler.box_in_view(box, p, size) is None
    p = dict(crop=(0.0, 0.0, 0.6, 1.0), flip=False)  # covers 20% of box
    assert sampler.box_in_view(box, p, size, min_coverage=0.1) is not None
    assert sampler.box_in_view(box, p, size, min_coverage=0.5) is None


def test_crop_resize_center():
    images = torch.arange(64.).reshape(1, 1, 8, 8).repeat(2, 3, 1, 1)
    out = crop_resize_center(images, (0.0, 0.5, 0.5, 0.5), resize=4,
                             crop_size=4)
    torch.testing.assert_close(out, images[..., :4, 4:])
    out = crop_resize_center(images, (0, 0, 1, 1), resize=10, crop_size=8)
    assert out.shape == (2, 3, 8, 8)


def test_image_pseudo_labels_cluster_and_select():
    g = torch.Generator().manual_seed(0)
    centres = F.normalize(torch.randn(3, 16, generator=g), dim=1)
    truth = torch.randint(0, 3, (40, 6), generator=g)
    noise = torch.rand(40, 6, 1, generator=g) * 0.6
    emb = F.normalize(centres[truth] + noise * torch.randn(
        40, 6, 16, generator=g), dim=2)
    labels, sims, centroids = image_pseudo_labels(emb, 3, select_ratio=0.4)
    assert labels.shape == (40, 6)
    assert int((labels >= 0).sum()) == round(0.4 * 240)
    # the kept views are exactly the most similar ones
    kept = sims[labels >= 0]
    assert kept.min() >= sims[labels < 0].max()
    # labels are the nearest centroid by cosine
    nearest = (emb.reshape(-1, 16) @ centroids.T).argmax(1).reshape(40, 6)
    assert torch.equal(labels[labels >= 0], nearest[labels >= 0])
    # the clusters are the planted ones (up to a permutation)
    sel = labels >= 0
    for k in range(3):
        assert truth[sel][labels[sel] == k].unique().numel() == 1
    full, _, _ = image_pseudo_labels(emb, 3, select_ratio=1.0)
    assert (full >= 0).all()
    with pytest.raises(ValueError, match='select_ratio'):
        image_pseudo_labels(emb, 3, select_ratio=0)
    with pytest.raises(ValueError, match='guidance_head.num_classes'):
        image_pseudo_labels(emb, 50, fit_on_whole=True)


def test_global_encoder_embeds_like_mmpretrain(tmp_path):
    path = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    init_default_scope('mmseg')
    enc = MODELS.build(dict(
        type='GlobalEncoder',
        backbone=dict(type='mmpretrain.ResNet', depth=18),
        neck=dict(type='mmpretrain.MoCoV2Neck', in_channels=512,
                  hid_channels=512, out_channels=128),
        checkpoint=str(path)))
    enc.train()
    assert not enc.training
    state = torch.load(path)['state_dict']
    backbone, neck = ResNet(depth=18), MoCoV2Neck(512, 512, 128)
    backbone.load_state_dict({k[9:]: v for k, v in state.items()
                              if k.startswith('backbone.')})
    neck.load_state_dict({k[5:]: v for k, v in state.items()
                          if k.startswith('neck.')})
    backbone.eval()
    x = torch.randn(2, 3, 64, 64)
    expected = F.normalize(neck(backbone(x))[0], dim=1)
    torch.testing.assert_close(enc(x), expected, rtol=1e-4, atol=1e-5)
    with pytest.raises(FileNotFoundError, match='iss2mmpretrain'):
        GlobalEncoder(dict(type='mmpretrain.ResNet', depth=18),
                      str(tmp_path / 'missing.pth'))
    torch.save(dict(state_dict={'fc.weight': torch.zeros(1)}),
               tmp_path / 'bad.pth')
    with pytest.raises(KeyError, match='not an mmpretrain-format'):
        GlobalEncoder(dict(type='mmpretrain.ResNet', depth=18),
                      str(tmp_path / 'bad.pth'))


def test_global_encoder_with_a_swav_projector(tmp_path):
    torch.manual_seed(0)
    backbone = ResNet(depth=18)
    neck = SwAVNeck(512, 512, 128, norm_cfg=dict(type='BN1d'))
    neck.projection_neck[1].running_mean.uniform_(-1, 1)
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    state.update({f'neck.{k}': v for k, v in neck.state_dict().items()})
    torch.save(dict(state_dict=state), tmp_path / 'swav.pth')
    init_default_scope('mmseg')
    enc = MODELS.build(dict(
        type='GlobalEncoder',
        backbone=dict(type='mmpretrain.ResNet', depth=18),
        neck=dict(type='mmpretrain.SwAVNeck', in_channels=512,
                  hid_channels=512, out_channels=128,
                  norm_cfg=dict(type='BN1d')),
        checkpoint=str(tmp_path / 'swav.pth')))
    backbone.eval()
    neck.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        expected = neck([backbone(x)])
    torch.testing.assert_close(enc(x), expected, rtol=1e-4, atol=1e-5)


def _pgg(pyramid=True):
    init_default_scope('mmseg')
    return MODELS.build(dict(
        type='PGG',
        data_preprocessor=dict(type='SegDataPreProcessor',
                               mean=[0., 0., 0.], std=[255., 255., 255.]),
        backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3)),
        neck=dict(type='LateralFPN', in_channels=[64, 128, 256, 512],
                  out_channels=16),
        cluster_head=dict(type='ClusterHead', num_clusters=3, channels=16,
                          distance='dot'),
        guidance_head=dict(type='GlobalGuidanceHead', in_channels=16,
                           num_classes=4),
        pyramid=pyramid))


def _samples(indices):
    return [SegDataSample(metainfo=dict(sample_idx=i)) for i in indices]


def test_pgg_guidance_loss_uses_labels_and_ignores_unselected():
    model = _pgg()
    assert len(model.image_label_boxes) == 6
    assert len(_pgg(pyramid=False).image_label_boxes) == 1
    z = torch.randn(2, 16, 8, 8, requires_grad=True)
    params = [model.views.sample(0, i) for i in range(2)]
    with pytest.raises(RuntimeError, match='PyramidLabelHook'):
        model.extra_losses(z, z, params, _samples([0, 1]))
    with pytest.raises(ValueError, match=r'\(N, 6\)'):
        model.set_image_labels(torch.zeros(3, 1, dtype=torch.long))
    with pytest.raises(ValueError, match='out of range'):
        model.set_image_labels(torch.full((3, 6), 4))
    labels = torch.full((3, 6), -1)
    labels[1, 0] = 2
    model.set_image_labels(labels)
    loss = model.extra_losses(z, z, params, _samples([1, 2]))
    # only image 1's whole view has a label: CE of that one logit row
    masks, valid = model._regions(params, (8, 8), 'cpu')
    logits = model.guidance_head(z, masks)[0, 0]
    expected = F.cross_entropy(logits[None], torch.tensor([2]))
    torch.testing.assert_close(loss['loss_guidance'], expected)
    loss['loss_guidance'].backward()
    assert z.grad is not None and z.grad[0].abs().sum() > 0
    assert z.grad[1].abs().sum() == 0
    # nothing selected in the batch: a zero loss that keeps the graph
    zero = model.extra_losses(z, z, params, _samples([0, 2]))
    assert float(zero['loss_guidance'].detach()) == 0
    assert zero['loss_guidance'].requires_grad
    with pytest.raises(IndexError, match='sample_idx 5'):
        model.extra_losses(z, z, params, _samples([5, 0]))
