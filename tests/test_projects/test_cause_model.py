"""CAUSE's stages: what trains, what stays frozen, the EMA teacher, and the
converter of the released files (strict loading, clear errors)."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from cause_fixtures import CLASSES, CONCEPTS, meta, seeded_state, tiny_cause
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from projects.cause.cause import CAUSEMLPHead, CAUSETRHead
from projects.cause.tools import cause2mmusseg


def batch(num=2, size=32, seed=0):
    gen = torch.Generator().manual_seed(seed)
    inputs = torch.randn(num, 3, size, size, generator=gen)
    samples = []
    for _ in range(num):
        sample = SegDataSample(metainfo=dict(img_shape=(size, size),
                                             ori_shape=(size, size),
                                             pad_shape=(size, size)))
        sample.gt_sem_seg = PixelData(data=torch.randint(
            0, CLASSES, (1, size, size), generator=gen))
        samples.append(sample)
    return inputs, samples


def trained_model(head, **kwargs):
    model = tiny_cause(head, **kwargs)
    model.clusterbook.trained.fill_(True)
    return model


def grads(module):
    return [p.grad for p in module.parameters()]


@pytest.mark.parametrize('head', ['mlp', 'tr'])
def test_front_door_trains_student_and_linear_probe_only(head):
    # the TR head's 16 queries are a 32 px input (4x4 tokens, subsampled
    # by 2x2 windows here); the MLP head takes 64 px (4x4 windows)
    model = trained_model(head, grid_cell=2 if head == 'tr' else 4)
    losses = model.loss(*batch(size=32 if head == 'tr' else 64))
    assert set(losses) == {'loss_concept', 'loss_linear_probe'}
    assert losses['loss_concept'] > 0
    losses['loss_concept'].backward(retain_graph=True)
    assert all(g is not None for g in grads(model.projection))
    assert any(g is not None and g.abs().sum() > 0
               for g in grads(model.head))
    for frozen in (model.head_ema, model.projection_ema, model.clusterbook,
                   model.cluster_probe, model.backbone, model.linear_probe):
        assert all(g is None for g in grads(frozen)), frozen
    model.zero_grad(set_to_none=True)
    losses['loss_linear_probe'].backward()
    assert all(g is not None for g in grads(model.linear_probe))
    assert all(g is None for g in grads(model.head))  # on teacher codes


@pytest.mark.parametrize('leak', [False, True])
def test_probe_stage_trains_the_cluster_probe(leak):
    model = trained_model('tr', stage='probe', linear_probe_trains_head=leak,
                          grid_cell=2)
    losses = model.loss(*batch())
    assert set(losses) == {'loss_modularity', 'loss_linear_probe'}
    sum(losses.values()).backward()
    assert model.cluster_probe.concepts.grad.abs().sum() > 0
    for frozen in (model.head, model.projection, model.clusterbook):
        assert all(g is None for g in grads(frozen))
    # the reference's label leak: the linear probe's CE reaches the teacher
    assert any(g is not None for g in grads(model.head_ema)) == leak


def test_mlp_head_drops_elements_independently_per_branch():
    head = CAUSEMLPHead(in_channels=16, code_dim=8, dropout=0.5).train()
    feats = torch.randn(2, 16, 4, 4)
    torch.manual_seed(0)
    code = head(feats)
    torch.manual_seed(0)
    first, second = (F.dropout(feats, 0.5) for _ in range(2))
    torch.testing.assert_close(
        code, head.linear(first) + head.nonlinear(second))
    assert not torch.equal(first, second)
    head.eval()
    torch.testing.assert_close(
        head(feats), head.linear(feats) + head.nonlinear(feats))


def test_teacher_is_the_reference_ema_of_the_student():
    model = trained_model('mlp')
    student = model.head.linear.weight
    snapshots = []
    for step in range(4):
        model.update_teacher()
        snapshots.append(model.head_ema.linear.weight.clone())
        with torch.no_grad():
            student.add_(float(step + 1))  # an "optimizer step"
    # steps 0 and 1 copy (initialisation; the reference's shared tensors)
    torch.testing.assert_close(snapshots[1], student - 2 - 3 - 4)
    expected = 0.99 * snapshots[1] + 0.01 * (student - 3 - 4)
    torch.testing.assert_close(snapshots[2], expected)
    expected = 0.99 * snapshots[2] + 0.01 * (student - 4)
    torch.testing.assert_close(snapshots[3], expected)


def test_modularity_of_a_single_token_is_zero_not_nan():
    model = trained_model('tr', stage='probe')  # 4x4 tokens, 4x4 windows
    loss = model.loss(*batch())['loss_modularity']
    loss.backward()
    assert loss == 0
    assert torch.isfinite(model.cluster_probe.concepts.grad).all()


def test_untrained_clusterbook_is_refused():
    model = tiny_cause('mlp')
    with pytest.raises(RuntimeError, match='clusterbook_checkpoint'):
        model.loss(*batch())


def test_mediator_trains_the_clusterbook_only():
    model = MODELS.build(
        dict(type='CAUSEMediator',
             backbone=dict(
                 type='FrozenVisionTransformer',
                 arch=dict(embed_dims=16, num_layers=1, num_heads=2,
                           feedforward_channels=32),
                 patch_size=8,
                 img_size=64),
             num_concepts=CONCEPTS,
             grid_cell=2))
    inputs, _ = batch(size=64)
    loss = model.loss(inputs, None)['loss_modularity']
    loss.backward()
    assert model.clusterbook.concepts.grad.abs().sum() > 0
    assert all(p.grad is None for p in model.backbone.parameters())
    assert bool(model.clusterbook.trained)


def test_tr_head_needs_its_token_grid():
    head = CAUSETRHead(in_channels=16, num_queries=16, code_dim=8)
    with pytest.raises(ValueError, match='num_queries|queries'):
        head(torch.randn(1, 16, 5, 5), torch.randn(4, 16))


def reference_files(tmp_path, head='tr'):
    info = meta()['heads.npz']
    segment = seeded_state(info[f'{head}_keys'], info[f'{head}_seed'])
    gen = torch.Generator().manual_seed(3)
    codebook = torch.randn(CONCEPTS, 16, generator=gen)
    cluster = dict(codebook=codebook,
                   cluster_probe=torch.randn(CLASSES, 8, generator=gen))
    torch.save(segment, tmp_path / f'segment_{head}.pth')
    torch.save(cluster, tmp_path / f'cluster_{head}.pth')
    np.save(tmp_path / 'modular.npy', codebook.numpy())
    return segment, cluster


@pytest.mark.parametrize('head', ['mlp', 'tr'])
def test_converted_release_loads_strictly(head, tmp_path, monkeypatch):
    segment, cluster = reference_files(tmp_path, head)
    model = trained_model(head)
    torch.save(model.backbone.state_dict(), tmp_path / 'backbone.pth')
    out = tmp_path / 'converted.pth'
    monkeypatch.setattr('sys.argv', [
        'cause2mmusseg.py', str(out), '--head', head,
        '--segment', str(tmp_path / f'segment_{head}.pth'),
        '--cluster', str(tmp_path / f'cluster_{head}.pth'),
        '--clusterbook', str(tmp_path / 'modular.npy'),
        '--backbone', str(tmp_path / 'backbone.pth')])
    cause2mmusseg.main()
    state = torch.load(out, weights_only=False)['state_dict']
    fresh = tiny_cause(head)
    fresh.load_state_dict(state, strict=True)
    torch.testing.assert_close(fresh.cluster_probe.concepts,
                               cluster['cluster_probe'])
    torch.testing.assert_close(fresh.clusterbook.concepts,
                               cluster['codebook'])
    assert bool(fresh.clusterbook.trained)
    prefix = 'head.tr.f1' if head == 'tr' else 'head.f1'
    target = 'head_ema.code_head.linear' if head == 'tr' else \
        'head_ema.linear'
    torch.testing.assert_close(
        fresh.state_dict()[f'{target}.weight'],
        segment[prefix.replace('head.', 'head_ema.') + '.weight'])


def test_converter_errors_name_the_problem(tmp_path):
    segment, cluster = reference_files(tmp_path, 'tr')
    with pytest.raises(KeyError, match='--head'):
        cause2mmusseg.convert(segment, 'mlp', cluster=cluster)
    with pytest.raises(ValueError, match='different clusterbooks'):
        cause2mmusseg.convert(segment, 'tr', cluster=cluster,
                              clusterbook=np.zeros((CONCEPTS, 16),
                                                   np.float32))
    with pytest.raises(ValueError, match='No clusterbook'):
        cause2mmusseg.convert(segment, 'tr')
