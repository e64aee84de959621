"""CAUSE against the reference's own outputs (tests/fixtures/cause/).

Each test regenerates the seeded inputs of its fixture (recipe in the
fixtures' README.json) and compares mmusseg's result with the reference's.
"""
import numpy as np
import pytest
import torch
from cause_fixtures import (CLASSES, load, map_to_tokens, meta, seeded_state,
                            tiny_cause, tokens_to_map)
from mmseg.structures import SegDataSample

from mmusseg.models.utils import DenseCRF
from projects.cause.cause import (ConceptClusterbook, ConceptContrastiveLoss,
                                  modularity_loss, modularity_matrix,
                                  sample_grid)
from projects.cause.cause.cause import reference_crf_image
from projects.cause.tools.cause2mmusseg import convert


def close(actual: torch.Tensor, expected: np.ndarray, atol=1e-5, rtol=1e-4):
    torch.testing.assert_close(actual.detach().float(),
                               torch.from_numpy(np.asarray(expected)).float(),
                               atol=atol, rtol=rtol)


def test_fixtures_name_the_reference():
    info = meta()
    assert info['repository'] == \
        'ByungKwanLee/Causal-Unsupervised-Segmentation'
    assert info['commit'] == 'ee0aa8478a6b6704f4db44ecc70e44a14fe5067f'


def modularity_inputs():
    gen = torch.Generator().manual_seed(0)
    feats = torch.randn(2, 64, 16, generator=gen)
    codebook = torch.randn(10, 16, generator=gen)
    order = torch.randint(16, (8, ), generator=gen)
    return tokens_to_map(feats), codebook, order


def test_grid_sampling_matches_reference():
    feats, _, order = modularity_inputs()
    sampled, used = sample_grid(feats, 4, order)
    assert torch.equal(used, order)
    close(map_to_tokens(sampled), load('modularity.npz')['sampled'], 0, 0)


def test_modularity_objective_and_clusterbook_update_match_reference():
    ref = load('modularity.npz')
    feats, codebook, _ = modularity_inputs()
    matrix, edges = modularity_matrix(map_to_tokens(feats))
    close(matrix, ref['modularity_matrix'])
    close(edges, ref['edges'])
    book = ConceptClusterbook(10, 16)
    book.concepts.data.copy_(codebook)
    loss = book.modularity_loss(feats)
    loss.backward()
    close(loss, ref['loss'])
    close(book.concepts.grad, ref['grad'], atol=1e-6)
    # the mediator's update: Adam on the clusterbook only
    book.concepts.data.copy_(codebook)
    optim = torch.optim.Adam(book.parameters(), lr=1e-3)
    for _ in range(3):
        optim.zero_grad()
        modularity_loss(book.concepts, feats).backward()
        optim.step()
    close(book.concepts, ref['codebook_after_3_adam_steps'])


def contrastive_inputs():
    gen = torch.Generator().manual_seed(1)
    base = torch.randn(4, 16, generator=gen)
    codebook = base.repeat_interleave(3, 0) + 0.6 * torch.randn(
        12, 16, generator=gen)
    shapes = [(2, 16, 16), (2, 16, 8), (2, 16, 8)] * 2
    feat, proj, proj_ema, feat2, proj2, proj_ema2 = (
        tokens_to_map(torch.randn(*s, generator=gen)) for s in shapes)
    book = ConceptClusterbook(12, 16).requires_grad_(False)
    book.concepts.data.copy_(codebook)
    return book, (feat, proj, proj_ema), (feat2, proj2, proj_ema2)


def test_concept_contrastive_loss_and_bank_match_reference():
    ref = load('contrastive.npz')
    assert ref['num_pos'] > 32 and ref['num_neg'] > 0  # non-degenerate
    book, (feat, proj, proj_ema), (feat2, proj2, proj_ema2) = \
        contrastive_inputs()
    loss_fn = ConceptContrastiveLoss()
    proj.requires_grad_(True)
    loss = loss_fn(feat, proj, proj_ema, book)
    loss.backward()
    close(loss, ref['loss_no_bank'])
    close(map_to_tokens(proj.grad), ref['grad_no_bank'], atol=1e-6)

    torch.manual_seed(7)
    loss_fn.update_bank(feat, proj_ema, book)
    torch.manual_seed(8)
    loss_fn.update_bank(feat2, proj_ema2, book)
    assert [len(b) for b in loss_fn.bank] == ref['bank_sizes'].tolist()
    close(torch.cat(loss_fn.bank), ref['bank'], 0, 0)

    proj2.requires_grad_(True)
    loss = loss_fn(feat2, proj2, proj_ema2, book)
    loss.backward()
    close(loss, ref['loss_with_bank'])
    close(map_to_tokens(proj2.grad), ref['grad_with_bank'], atol=1e-6)


def test_bank_keeps_the_newest_entries_per_concept():
    book = ConceptClusterbook(2, 3).requires_grad_(False)
    book.concepts.data.copy_(torch.eye(3)[:2])
    loss_fn = ConceptContrastiveLoss(bank_size=5, bank_keep_ratio=1.0)
    feats = torch.eye(3)[0].view(1, 3, 1, 1).expand(1, 3, 2, 2)
    for step in range(4):
        teacher = torch.full((1, 4, 2, 2), float(step))
        loss_fn.update_bank(feats, teacher, book)
    assert len(loss_fn.bank[0]) == 5 and len(loss_fn.bank[1]) == 0
    assert loss_fn.bank[0][:, 0].tolist() == [2, 3, 3, 3, 3]


@pytest.mark.parametrize('head', ['mlp', 'tr'])
def test_head_forward_matches_reference(head):
    ref, info = load('heads.npz'), meta()['heads.npz']
    gen = torch.Generator().manual_seed(2)
    feat = tokens_to_map(torch.randn(2, 16, 16, generator=gen))
    codebook = torch.randn(10, 16, generator=gen)
    segment = seeded_state(info[f'{head}_keys'], info[f'{head}_seed'])
    model = tiny_cause(head)
    state = convert(segment, head, clusterbook=codebook.numpy(),
                    backbone=model.backbone.state_dict())
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert unexpected == []
    assert missing == ['cluster_probe.concepts', 'cluster_probe.trained']
    model.eval()
    with torch.no_grad():
        code = model.head(feat, model.concepts)
        code_ema = model.head_ema(feat, model.concepts)
        close(map_to_tokens(code), ref[f'{head}_code'])
        close(map_to_tokens(code_ema), ref[f'{head}_code_ema'])
        close(map_to_tokens(model.projection(code)),
              ref[f'{head}_projection'])
        close(model.linear_probe(code_ema)[0], ref[f'{head}_linear'])


def inference_model(**test_cfg):
    info = meta()['inference.npz']
    gen = torch.Generator().manual_seed(5)
    feat = tokens_to_map(torch.randn(2, 16, 16, generator=gen))
    feat_flip = tokens_to_map(torch.randn(2, 16, 16, generator=gen))
    codebook = torch.randn(10, 16, generator=gen)
    image = torch.randint(0, 256, (2, 32, 32, 3), generator=gen,
                          dtype=torch.uint8)
    probe = torch.randn(CLASSES, 8, generator=torch.Generator().manual_seed(9))
    model = tiny_cause('tr', test_cfg=test_cfg)
    state = convert(seeded_state(info['keys'], info['seed']), 'tr',
                    cluster=dict(codebook=codebook, cluster_probe=probe),
                    backbone=model.backbone.state_dict())
    model.load_state_dict(state, strict=True)
    model.eval()
    inputs = model.data_preprocessor(
        dict(inputs=[img.permute(2, 0, 1).flip(0) for img in image]),
        False)['inputs']  # BGR like loaded images
    # the reference's features of the image and of its flip
    model.extract_feat = lambda x: feat if torch.equal(x, inputs) else \
        feat_flip
    return model, inputs, feat


def samples(num=2, size=32):
    shape = (size, size)
    return [SegDataSample(metainfo=dict(img_shape=shape, ori_shape=shape,
                                        pad_shape=shape))
            for _ in range(num)]


def test_inference_matches_reference_without_crf():
    ref = load('inference.npz')
    model, inputs, _ = inference_model()
    preds = model.predict(inputs, samples())
    pred = torch.stack([p.pred_sem_seg.data[0] for p in preds])
    assert torch.equal(pred, torch.from_numpy(ref['pred_no_crf']).long())


def test_inference_matches_reference_with_flip_and_crf():
    ref = load('inference.npz')
    model, inputs, _ = inference_model(
        flip=True, logit_scale=3.0, crf=dict(type='DenseCRF', num_workers=0))
    logits = model.encode_decode(inputs, None)
    close(torch.log_softmax(3 * logits, dim=1), ref['logprob_flip'])
    image = reference_crf_image(model._unnormalise(inputs))
    assert torch.equal(image, torch.from_numpy(ref['crf_image']))
    preds = model.predict(inputs, samples())
    pred = torch.stack([p.pred_sem_seg.data[0] for p in preds])
    assert isinstance(model.crf, DenseCRF)
    assert torch.equal(pred, torch.from_numpy(ref['pred_flip_crf']).long())
