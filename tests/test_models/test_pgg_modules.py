"""PGG + CAE building blocks: the context-aware embedding, the guidance
head, pyramid boxes replayed into views, the image labels, the ISS encoder
and the PGG loss."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision
from mmengine.registry import init_default_scope
from mmpretrain.models import MoCoV2Neck, ResNet, SwAVNeck
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import nn

from mmusseg.clustering.image_labels import (classifier_pseudo_labels,
                                             image_pseudo_labels,
                                             select_confident)
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


class _GivenFeatures(nn.Module):
    """Stands in for the FPN: returns the map it is given."""

    def forward(self, inputs):
        return inputs[0]


def _identity_projector(cae):
    with torch.no_grad():
        cae.projector.weight.copy_(torch.eye(cae.projector.in_channels)[
            :, :, None, None])
        cae.projector.bias.zero_()
    cae.fpn = _GivenFeatures()
    return cae


@pytest.mark.parametrize('affinity', ['both', 'raw', 'feature'])
def test_cae_of_a_constant_map_is_twice_the_map(affinity):
    """Whatever the attention, the context of a constant map is the map,
    so the output is P(F + F) = 2F with an identity projector."""
    cae = _identity_projector(_cae(affinity))
    feats = torch.tensor([1.0, -2.0, 0.5, 3.0, 0.0, 1.5])[None, :, None,
                                                           None]
    feats = feats.expand(2, 6, 8, 8).contiguous()
    out, = cae([feats], torch.randn(2, 3, 64, 64))
    torch.testing.assert_close(out, 2 * feats)


def test_cae_feature_affinity_hand_computed():
    """A 32 px image, a 1-channel map at 1/8 (4x4) with columns a, a, b, b:
    the 1/16 grid is [[a, b], [a, b]]; with a > 0 > b the cosine is +1
    within a column pair and -1 across, so cell a attends to the two a
    cells with weight e^(1/t) / Z each and to the two b cells with
    e^(-1/t) / Z. The 2-column context, bilinearly upsampled to 4 columns,
    is (c_a, 3/4 c_a + 1/4 c_b, 1/4 c_a + 3/4 c_b, c_b), added to F."""
    t, a, b = 0.5, 2.0, -1.0
    cae = _identity_projector(_cae('feature', feature_temperature=t))
    cae.projector = nn.Conv2d(1, 1, 1)
    with torch.no_grad():
        cae.projector.weight.fill_(1)
        cae.projector.bias.zero_()
    feats = torch.tensor([a, a, b, b]).expand(1, 1, 4, 4).contiguous()
    out, = cae([feats], torch.zeros(1, 3, 32, 32))
    near, far = math.exp(1 / t), math.exp(-1 / t)
    c_a = (2 * a * near + 2 * b * far) / (2 * near + 2 * far)
    c_b = (2 * b * near + 2 * a * far) / (2 * near + 2 * far)
    context = [c_a, 0.75 * c_a + 0.25 * c_b, 0.25 * c_a + 0.75 * c_b, c_b]
    expected = torch.tensor([a, a, b, b]) + torch.tensor(context)
    torch.testing.assert_close(out[0, 0], expected.expand(4, 4))


def test_cae_kernel_parameters_learn():
    cae = _cae('both')
    out, = cae(_pyramid_inputs(), torch.randn(2, 3, 64, 64))
    out.pow(2).mean().backward()
    for name in ('log_appearance_weight', 'log_smoothness_weight',
                 'log_theta_alpha', 'log_theta_beta', 'log_theta_gamma'):
        grad = getattr(cae, name).grad
        assert grad is not None and grad.abs() > 0, name


def _hand_head(head_type):
    """A 2-channel head with hand-set weights: conv diag(1, -1), classifier
    [[1, 1], [1, -1]] + (0, 0.5); "mod" adds an identity linear layer."""
    head = GlobalGuidanceHead(2, num_classes=2, head_type=head_type)
    with torch.no_grad():
        head.conv.weight.copy_(torch.diag(torch.tensor([1.0, -1.0]))[
            :, :, None, None])
        head.conv.bias.zero_()
        head.classifier.weight.copy_(torch.tensor([[1.0, 1.0],
                                                   [1.0, -1.0]]))
        head.classifier.bias.copy_(torch.tensor([0.0, 0.5]))
        if head_type == 'mod':
            head.summary[0].weight.copy_(torch.eye(2))
            head.summary[0].bias.zero_()
    return head


@pytest.mark.parametrize('head_type,whole,left', [
    # conv: A = (1, 2) -> (1, -2), B = (3, -4) -> (3, 4); GAP over both
    # (2, 1), over A alone (1, -2). CAM: no ReLU, the classifier applies.
    ('cam', (3.0, 1.5), (-1.0, 3.5)),
    # mod: ReLU after the identity linear layer: (2, 1) and (1, 0)
    ('mod', (3.0, 1.5), (1.0, 1.5)),
])
def test_guidance_head_hand_computed(head_type, whole, left):
    """Classical CAM is Cls(GAP(conv(F))) with no ReLU after the conv (a
    ReLU there would give (4, 0.5) and (1, 1.5)); "Mod." adds ReLU + a
    linear layer after the pooled output."""
    head = _hand_head(head_type)
    feats = torch.tensor([[1.0, 3.0], [2.0, -4.0]])[None, :, None, :]
    regions = torch.tensor([[1.0, 1.0], [1.0, 0.0],
                            [0.0, 0.0]])[None, :, None, :]
    logits = head(feats, regions)
    assert logits.shape == (1, 3, 2)
    torch.testing.assert_close(logits[0, 0], torch.tensor(whole))
    torch.testing.assert_close(logits[0, 1], torch.tensor(left))
    # an empty region pools to zero: the classifier's bias (after the
    # summary for "mod")
    torch.testing.assert_close(logits[0, 2], torch.tensor([0.0, 0.5]))
    with pytest.raises(ValueError, match='do not match'):
        head(feats, regions[..., :1])
    with pytest.raises(ValueError, match='head_type'):
        GlobalGuidanceHead(6, 5, head_type='fc')


def test_cam_head_is_affine_in_the_features():
    """No non-linearity: the CAM logits of a mix of two maps are the mix
    of their logits."""
    torch.manual_seed(0)
    head = GlobalGuidanceHead(6, num_classes=5, channels=7, head_type='cam')
    f1, f2 = torch.randn(2, 1, 6, 4, 5).unbind(0)
    regions = torch.ones(1, 1, 4, 5)
    mixed = head(0.3 * f1 + 0.7 * f2, regions)
    torch.testing.assert_close(
        mixed, 0.3 * head(f1, regions) + 0.7 * head(f2, regions))


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


def test_image_labels_group_prototypes():
    """SwAV: the centroids group the prototypes, not the views. Views
    planted near prototype groups take their group's centroid, whatever
    the views' own distribution (here all views lie near one group)."""
    g = torch.Generator().manual_seed(0)
    groups = F.normalize(torch.randn(3, 16, generator=g), dim=1)
    protos = groups.repeat_interleave(10, 0) + 0.05 * torch.randn(
        30, 16, generator=g)
    views = F.normalize(groups[[1, 1, 1, 1]] + 0.1 * torch.randn(
        4, 16, generator=g), dim=1).reshape(2, 2, 16)
    labels, sims, centroids = image_pseudo_labels(
        views, 3, select_ratio=1.0, prototypes=protos)
    # each centroid is one planted group (up to order)
    match = (centroids @ groups.T).argmax(1)
    assert sorted(match.tolist()) == [0, 1, 2]
    assert (match[labels] == 1).all()
    torch.testing.assert_close(
        sims, (views @ centroids.T).max(-1).values)
    # k-means on the 4 views could not make 3 clusters of prototypes
    with pytest.raises(ValueError, match='prototypes'):
        image_pseudo_labels(views, 3, prototypes=protos[:, :8])
    with pytest.raises(ValueError, match='fit_on_whole'):
        image_pseudo_labels(views, 3, fit_on_whole=True, prototypes=protos)


def test_classifier_labels_and_probability_selection():
    probs = torch.tensor([[[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]],
                          [[0.2, 0.2, 0.6], [0.05, 0.9, 0.05]]])
    labels, scores = classifier_pseudo_labels(probs, select_ratio=0.5)
    assert labels.tolist() == [[0, -1], [-1, 1]]  # kept: 0.9 and 0.7
    torch.testing.assert_close(scores, torch.tensor([[0.7, 0.5],
                                                     [0.6, 0.9]]))
    assert (classifier_pseudo_labels(probs, 1.0)[0] >= 0).all()


def test_select_confident_keeps_the_top_ratio_stably():
    labels = torch.tensor([5, 6, 7, 8, 9])
    scores = torch.tensor([0.1, 0.9, 0.5, 0.9, 0.2])
    assert select_confident(labels, scores, 0.4).tolist() == [
        -1, 6, -1, 8, -1]
    # a tie at the cut keeps the lower index
    assert select_confident(labels, scores, 0.2).tolist() == [
        -1, 6, -1, -1, -1]
    with pytest.raises(ValueError, match='select_ratio'):
        select_confident(labels, scores, 1.5)


def test_global_encoder_embeds_like_mmpretrain(tmp_path):
    path = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    init_default_scope('mmseg')
    enc = MODELS.build(dict(
        type='GlobalEncoder',
        backbone=dict(type='mmpretrain.ResNet', depth=18),
        neck=dict(type='mmpretrain.MoCoV2Neck', in_channels=512,
                  hid_channels=512, out_channels=128),
        checkpoint=str(path)))
    enc.init_weights()
    enc.train()
    assert not enc.training and not enc.is_classifier
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


def test_global_encoder_errors_name_the_fix(tmp_path):
    backbone = dict(type='mmpretrain.ResNet', depth=18)
    with pytest.raises(FileNotFoundError, match='iss2mmpretrain'):
        GlobalEncoder(backbone, str(tmp_path / 'missing.pth'))
    torch.save(dict(state_dict={'fc.weight': torch.zeros(1)}),
               tmp_path / 'bad.pth')
    enc = GlobalEncoder(backbone, str(tmp_path / 'bad.pth'))
    with pytest.raises(KeyError, match='not an mmpretrain-format'):
        enc.init_weights()
    path = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    enc = GlobalEncoder(backbone, str(path), prototypes_key='head.protos')
    with pytest.raises(KeyError, match='prototypes_key'):
        enc.init_weights()
    with pytest.raises(ValueError, match='classifier head'):
        GlobalEncoder(backbone, str(path), prototypes_key='x',
                      head=dict(type='mmpretrain.LinearClsHead',
                                num_classes=3, in_channels=512))


def test_global_encoder_reads_a_torchvision_classifier(tmp_path):
    """Table 6's labels: the softmax of a supervised torchvision ResNet's
    fc layer, read from torchvision's own keys through revise_keys."""
    torch.manual_seed(0)
    net = torchvision.models.resnet18(weights=None, num_classes=10).eval()
    torch.save(net.state_dict(), tmp_path / 'resnet18.pth')
    init_default_scope('mmseg')
    enc = MODELS.build(dict(
        type='GlobalEncoder',
        backbone=dict(type='mmpretrain.ResNet', depth=18),
        head=dict(type='mmpretrain.LinearClsHead', num_classes=10,
                  in_channels=512),
        revise_keys=[(r'^fc\.', 'head.fc.'), (r'^(?!head\.)', 'backbone.')],
        checkpoint=str(tmp_path / 'resnet18.pth')))
    enc.init_weights()
    assert enc.is_classifier and enc.num_classes == 10
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        expected = net(x).softmax(dim=1)
    torch.testing.assert_close(enc(x), expected, rtol=1e-4, atol=1e-6)


def test_global_encoder_with_a_swav_projector(tmp_path):
    torch.manual_seed(0)
    backbone = ResNet(depth=18)
    neck = SwAVNeck(512, 512, 128, norm_cfg=dict(type='BN1d'))
    neck.projection_neck[1].running_mean.uniform_(-1, 1)
    prototypes = torch.randn(30, 128)
    state = {f'backbone.{k}': v for k, v in backbone.state_dict().items()}
    state.update({f'neck.{k}': v for k, v in neck.state_dict().items()})
    state['head.loss_module.prototypes.weight'] = prototypes
    torch.save(dict(state_dict=state), tmp_path / 'swav.pth')
    init_default_scope('mmseg')
    enc = MODELS.build(dict(
        type='GlobalEncoder',
        backbone=dict(type='mmpretrain.ResNet', depth=18),
        neck=dict(type='mmpretrain.SwAVNeck', in_channels=512,
                  hid_channels=512, out_channels=128,
                  norm_cfg=dict(type='BN1d')),
        prototypes_key='head.loss_module.prototypes.weight',
        checkpoint=str(tmp_path / 'swav.pth')))
    enc.init_weights()
    torch.testing.assert_close(enc.prototypes, prototypes)
    backbone.eval()
    neck.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        expected = neck([backbone(x)])
    torch.testing.assert_close(enc(x), expected, rtol=1e-4, atol=1e-5)


def _pgg(pyramid=True, crop_mode='region', head_type='mod'):
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
                           num_classes=4, head_type=head_type),
        pyramid=pyramid, crop_mode=crop_mode))


def _samples(indices):
    return [SegDataSample(metainfo=dict(sample_idx=i)) for i in indices]


def test_pgg_crop_modes():
    assert len(_pgg().image_label_boxes) == 6
    assert not _pgg().samples_are_crops
    assert len(_pgg(pyramid=False).image_label_boxes) == 1
    independent = _pgg(crop_mode='independent')
    assert independent.samples_are_crops
    assert independent.image_label_boxes == [(0, 0, 1, 1)]
    assert not _pgg(pyramid=False, crop_mode='independent').samples_are_crops
    with pytest.raises(ValueError, match='crop_mode'):
        _pgg(crop_mode='pooled')


def test_pgg_independent_crops_use_their_own_label():
    """Independent crops: sample s (crop s % 6 of image s // 6) is
    classified as a whole with label row s, nothing else. Hand-set "cam"
    head: the logits are W GAP(z) + b, whatever z's layout."""
    model = _pgg(crop_mode='independent', head_type='cam')
    labels = torch.full((12, 1), -1)
    labels[7, 0], labels[1, 0], labels[6, 0] = 3, 0, 2
    model.set_image_labels(labels)
    z1 = torch.randn(2, 16, 8, 8, requires_grad=True)
    z2 = torch.randn(2, 16, 8, 8)
    params = [model.views.sample(0, i) for i in (7, 11)]
    loss = model.extra_losses(z1, z2, params, _samples([7, 11]))
    head = model.guidance_head
    expected = 0
    for z in (z1, z2):
        pooled = head.conv(z[:1]).mean(dim=(2, 3))
        expected = expected + F.cross_entropy(head.classifier(pooled),
                                              torch.tensor([3])) / 2
    torch.testing.assert_close(loss['loss_guidance'], expected)
    loss['loss_guidance'].backward()
    assert z1.grad[0].abs().sum() > 0 and z1.grad[1].abs().sum() == 0
    model.guidance_loss_weight = 0.25
    torch.testing.assert_close(
        model.extra_losses(z1, z2, params,
                           _samples([7, 11]))['loss_guidance'],
        0.25 * expected)


def test_pgg_guidance_loss_uses_labels_and_ignores_unselected():
    model = _pgg()
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
