"""PASS's SwAV, stage-1 and stage-2 models."""
import json
import math
import sys
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine import MessageHub
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpretrain.models.losses import SwAVLoss
from mmseg.registry import MODELS

import mmusseg  # noqa: F401
from helpers.runs import REPO_ROOT
from mmusseg.clustering import foreground_pseudo_labels, otsu_threshold
from mmusseg.models.losses import MultiCropSwAV, sinkhorn
from mmusseg.models.utils import PixelAttention, SwAVProjector


@pytest.fixture(autouse=True)
def hub():
    init_default_scope('mmseg')
    hub = MessageHub.get_instance('test_pass_models')
    hub.update_info('epoch', 0)
    hub.update_info('iter', 100)
    return hub


def test_sinkhorn_equipartitions():
    torch.manual_seed(0)
    q = sinkhorn(0.1 * torch.randn(64, 8), epsilon=0.05, iterations=20)
    assert torch.allclose(q.sum(1), torch.ones(64), atol=1e-5)
    assert torch.allclose(q.sum(0), torch.full((8, ), 8.0), rtol=0.01)


def test_swav_loss_matches_mmpretrain():
    """Without a queue the loss equals mmpretrain's SwAVLoss."""
    torch.manual_seed(0)
    batch, crops = 6, (2, 3)
    ours = MultiCropSwAV(feat_dim=16, num_prototypes=10)
    theirs = SwAVLoss(feat_dim=16, num_crops=list(crops), num_prototypes=10,
                      sinkhorn_iterations=3, epsilon=0.05, temperature=0.1,
                      crops_for_assign=[0, 1])
    ours.normalize_prototypes()
    theirs.prototypes.weight.data.copy_(ours.prototypes.weight.data)
    emb = F.normalize(torch.randn(sum(crops) * batch, 16), dim=1)
    loss, codes = ours(emb, batch)
    assert torch.allclose(loss, theirs(emb), atol=1e-5)
    assert len(codes) == 2 and codes[0].shape == (batch, 10)


def test_swav_and_d2s_match_the_reference(hub):
    """Three steps of LUSSeg/PASS main_pretrain.py's swav_loss, d2s_loss
    and their weighted sum (fixture tests/fixtures/pass/swav_d2s_loss.json;
    inputs regenerated from its recipe): codes, losses and the queue
    joining Sinkhorn at step 3."""
    fixture = json.loads((REPO_ROOT / 'tests' / 'fixtures' / 'pass' /
                          'swav_d2s_loss.json').read_text())
    g = torch.Generator().manual_seed(0)
    swav = MultiCropSwAV(feat_dim=16, num_prototypes=10, queue_length=8,
                         batch_size=4)
    with torch.no_grad():
        swav.prototypes.weight.copy_(
            F.normalize(torch.randn((10, 16), generator=g), dim=1))
    for expected in fixture['steps']:
        deep = F.normalize(torch.randn((20, 16), generator=g), dim=1)
        shallow = F.normalize(torch.randn((8, 16), generator=g), dim=1)
        loss_swav, codes = swav(deep, 4)
        loss_d2s = swav.predict(codes, swav.scores(shallow, detach=True), 4,
                                (0, 1))
        for ours, theirs in zip(codes, expected['codes']):
            assert torch.allclose(ours, torch.tensor(theirs), atol=1e-6)
        assert loss_swav.item() == pytest.approx(expected['loss_swav'],
                                                 abs=1e-5)
        assert loss_d2s.item() == pytest.approx(expected['loss_d2s'],
                                                abs=1e-5)
        assert ((loss_swav + loss_d2s) / 2).item() == pytest.approx(
            expected['loss'], abs=1e-5)


def test_queue_fills_from_its_epoch_then_joins_the_codes(hub):
    torch.manual_seed(0)
    swav = MultiCropSwAV(feat_dim=8, num_prototypes=5, queue_length=8,
                         batch_size=4, queue_start_epoch=1)
    emb = F.normalize(torch.randn(8, 8), dim=1)
    swav(emb, 4)
    assert not swav.queue.any()  # epoch 0: no queue yet
    hub.update_info('epoch', 1)
    _, first = swav(emb, 4)
    assert torch.equal(swav.queue[0, :4], emb[:4])
    assert not swav.queue[0, 4:].any()
    other = F.normalize(torch.randn(8, 8), dim=1)
    _, second = swav(other, 4)  # half full: not used yet
    assert swav.queue[0].any(1).all()
    plain = sinkhorn(emb[:4] @ swav.prototypes.weight.t(), 0.05, 3)
    assert torch.allclose(first[0], plain)
    _, third = swav(emb, 4)  # full: the queued rows join Sinkhorn
    assert not torch.allclose(first[0], third[0])


def test_prototypes_frozen_for_the_first_iterations(hub):
    swav = MultiCropSwAV(feat_dim=8, num_prototypes=5,
                         freeze_prototypes_iters=10)
    emb = F.normalize(torch.randn(8, 8), dim=1).requires_grad_()
    hub.update_info('iter', 9)
    swav(emb, 4)[0].backward()
    assert swav.prototypes.weight.grad is None and emb.grad is not None
    hub.update_info('iter', 10)
    swav(emb, 4)[0].backward()
    assert swav.prototypes.weight.grad is not None


def _pretrain(**kwargs):
    return MODELS.build(
        dict(type='PASSPretrain',
             backbone=dict(type='ResNet', depth=18, out_indices=(2, 3)),
             hidden_dim=32, num_crops=(2, 2),
             swav=dict(num_prototypes=10, batch_size=2), **kwargs))


class _Sample:

    def __init__(self, grid):
        self.grid = grid


def test_pretrain_losses_reach_every_head():
    torch.manual_seed(0)
    model = _pretrain()
    inputs = [torch.randn(2, 3, 64, 64)] * 2 + [torch.randn(2, 3, 32, 32)] * 2
    grid = torch.rand(2, 7, 7, 2) * 2 - 1
    losses = model.loss(inputs, [_Sample(grid)] * 2)
    assert set(losses) == {'loss_swav', 'loss_d2s', 'loss_p2p'}
    sum(losses.values()).backward()
    for name in ('projector', 'pixel_projector', 'pixel_predictor',
                 'shallow_pixel_projector', 'shallow_projector', 'backbone'):
        grads = [p.grad for p in getattr(model, name).parameters()]
        assert any(g is not None and g.abs().sum() > 0 for g in grads), name
    with pytest.raises(ValueError, match='Expected 4 crops'):
        model.loss(inputs[:3], [_Sample(grid)] * 2)


def test_pixel_loss_is_minus_one_for_identical_crops():
    """Two identical crops with identical grids align perfectly once the
    predictor is the identity."""
    torch.manual_seed(0)
    model = _pretrain(deep_to_shallow=False).eval()
    model.pixel_predictor = torch.nn.Identity()
    deep = torch.randn(2, 512, 4, 4).repeat(2, 1, 1, 1)
    grids = (torch.rand(2, 7, 7, 2) * 2 - 1)[:, None].repeat(1, 2, 1, 1, 1)
    assert torch.allclose(model.pixel_loss(deep, grids), torch.tensor(-1.),
                          atol=1e-5)


def test_pixel_attention_trains_only_attention_and_prototypes():
    torch.manual_seed(0)
    model = MODELS.build(
        dict(type='PASSPixelAttention',
             backbone=dict(type='ResNet', depth=18, out_indices=(3, )),
             hidden_dim=32, swav=dict(num_prototypes=10, batch_size=2)))
    inputs = [torch.randn(2, 3, 64, 64), torch.randn(2, 3, 64, 64)]
    model.loss(inputs, None)['loss_swav'].backward()
    trained = {n.split('.')[0] for n, p in model.named_parameters()
               if p.grad is not None}
    assert trained == {'attention', 'swav'}
    model.eval()
    features, foreground = model.foreground(inputs[0])
    assert features.shape == (2, 512, 8, 8)  # stride 32 x 4 = stride 8
    assert foreground.shape == (2, 8, 8)
    assert ((foreground > 0) & (foreground < 1)).all()
    assert model.image_embedding(inputs[0]).shape == (2, 512)


def test_pixel_attention_on_a_hand_computed_case():
    """Two channels with hand-set weights: the gate is
    sigmoid(BN(W2 ReLU(BN(W1 x + b1)) + b2) + theta), the BNs dividing by
    sqrt(1 + eps) in eval mode with unit statistics."""
    attention = PixelAttention(2).eval()
    conv1, _, _, conv2, _ = attention.gate
    with torch.no_grad():
        conv1.weight.copy_(torch.tensor([[1., 0.], [0., -1.]])[..., None,
                                                                None])
        conv1.bias.copy_(torch.tensor([0., 0.5]))
        conv2.weight.copy_(torch.tensor([[2., 0.], [1., 1.]])[..., None,
                                                               None])
        conv2.bias.copy_(torch.tensor([0., -1.]))
        attention.theta.copy_(torch.tensor([0.1, -0.2]).view(1, 2, 1, 1))
    x = torch.tensor([[1.0, -2.0], [0.25, 3.0]]).view(1, 2, 1, 2)
    s = math.sqrt(1 + 1e-5)
    expected = []
    for a, b in ((1.0, 0.25), (-2.0, 3.0)):
        h1, h2 = max(a, 0) / s, max(0.5 - b, 0) / s
        z1, z2 = 2 * h1 / s + 0.1, (h1 + h2 - 1) / s - 0.2
        expected.append([1 / (1 + math.exp(-z1)), 1 / (1 + math.exp(-z2))])
    out = attention(x)[0].permute(1, 2, 0)[0]  # (pixel, channel)
    assert torch.allclose(out, torch.tensor(expected), atol=1e-6)


def test_initialisation_follows_the_reference():
    """LUSSeg/PASS src/resnet.py: Kaiming (fan_out, ReLU) convs, BN weights
    1 and no zero-initialised residual BN, in the backbone and the heads."""
    cfg = Config.fromfile(str(REPO_ROOT / 'configs' / 'pass' /
                              'pass-pretrain_r18_imagenets50.py'))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    for block in (model.backbone.layer1[0], model.backbone.layer4[1]):
        assert torch.all(block.norm2.weight == 1)

    def kaiming_std(conv):
        fan_out = conv.out_channels * conv.kernel_size[0] * conv.kernel_size[1]
        return math.sqrt(2 / fan_out)

    for conv in (model.backbone.layer3[0].conv1, model.pixel_projector[0],
                 model.pixel_predictor[0], PixelAttention(64).gate[0]):
        assert conv.weight.std().item() == pytest.approx(kaiming_std(conv),
                                                         rel=0.1)


def test_sinkhorn_equipartitions_the_batch_of_every_rank(monkeypatch):
    """On 2 ranks (threads sharing an all-reduce) the codes of each half
    equal the one-rank codes of the whole batch; mmpretrain's
    distributed_sinkhorn, which does not all-reduce the prototype sums,
    does not give them."""
    from mmpretrain.models.losses import swav_loss
    torch.manual_seed(0)
    scores = torch.randn(16, 6) * 0.5
    scores[:8, 0] += 2  # the ranks' batches differ
    expected = sinkhorn(scores, 0.05, 3)

    barrier, slots = threading.Barrier(2), {}

    def all_reduce(tensor):
        rank = threading.current_thread().rank
        slots[rank] = tensor.clone()
        barrier.wait()
        total = slots[0] + slots[1]
        barrier.wait()
        tensor.copy_(total)

    def on_two_ranks(fn):
        out = [None, None]

        def run(rank):
            threading.current_thread().rank = rank
            out[rank] = fn(scores[8 * rank:8 * (rank + 1)])

        threads = [threading.Thread(target=run, args=(r, )) for r in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return torch.cat(out)

    module = sys.modules[sinkhorn.__module__]
    monkeypatch.setattr(module, 'all_reduce', all_reduce)
    monkeypatch.setattr(module, 'get_world_size', lambda: 2)
    ours = on_two_ranks(lambda s: sinkhorn(s, 0.05, 3))
    assert torch.allclose(ours, expected, atol=1e-6)
    monkeypatch.setattr(swav_loss, 'all_reduce', all_reduce)
    theirs = on_two_ranks(
        lambda s: swav_loss.distributed_sinkhorn(s.clone(), 3, 2, 0.05))
    assert not torch.allclose(theirs, expected, atol=1e-3)


def test_projector_is_mmpretrain_neck_and_loads_sequential_keys():
    """SwAVProjector = NonLinearNeck(Linear-BN-ReLU-Linear-BN), and a
    checkpoint of the former nn.Sequential head loads into it."""
    torch.manual_seed(0)
    old = torch.nn.Sequential(
        torch.nn.Linear(6, 5), torch.nn.BatchNorm1d(5),
        torch.nn.ReLU(inplace=True), torch.nn.Linear(5, 3),
        torch.nn.BatchNorm1d(3, affine=False))
    for bn in (old[1], old[4]):
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
    new = SwAVProjector(6, 5, 3)
    new.load_state_dict(old.state_dict())
    x = torch.randn(4, 6)
    assert torch.allclose(new.eval()(x), old.eval()(x), atol=1e-6)
    assert set(new.state_dict()) >= {'fc0.weight', 'bn1.running_var'}


def test_otsu_maximises_between_class_variance():
    rng = np.random.default_rng(0)
    values = np.clip(np.concatenate([rng.normal(0.2, 0.05, 3000),
                                     rng.normal(0.7, 0.1, 1000)]), 0, 1)
    hist = torch.histc(torch.tensor(values), 100, 0, 1)
    threshold = otsu_threshold(hist)
    centres = (np.arange(100) + 0.5) / 100
    binned = centres[np.minimum((values * 100).astype(int), 99)]

    def between(t):
        low, high = binned[binned <= t], binned[binned > t]
        if len(low) == 0 or len(high) == 0:
            return 0
        return len(low) * len(high) * (low.mean() - high.mean())**2

    best = max(centres, key=between)
    assert abs(threshold - best) < 1e-9
    assert 0.3 < threshold < 0.6
    with pytest.raises(ValueError):
        otsu_threshold(torch.zeros(10))


def test_foreground_pseudo_labels():
    """Nearest centroid + 1 by cosine, 0 below the threshold, resized."""
    centroids = torch.tensor([[1., 0.], [0., 1.]])
    features = torch.tensor([[[2., 0.], [1., 0.1]],
                             [[0.1, 3.], [-1., 5.]]])  # (C=2, 2, 2)
    foreground = torch.tensor([[0.9, 0.1], [0.9, 0.9]])
    labels = foreground_pseudo_labels(features, foreground, centroids, 0.5,
                                      (4, 4))
    assert labels.shape == (4, 4)
    # pixel (0, 0): x-like -> 1; (0, 1): background; (1, 0): 1; (1, 1): 2
    assert labels[0, 0] == 1 and labels[0, 3] == 0
    assert labels[3, 0] == 1 and labels[3, 3] == 2
