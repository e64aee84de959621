"""STEGO's head and probes: hand-computed outputs and what their losses do.

Parity with mhamilton723/STEGO's own head and probes (fixtures) is in
``test_stego_reference_parity.py``.
"""
import math

import pytest
import torch

import mmusseg  # noqa: F401
from mmusseg.models.heads import ClusterProbe, LinearProbe, STEGOHead


def test_head_hand_computed_and_dropout_per_branch():
    """code = W_l f + b_l + W_2 ReLU(W_1 f + b_1) + b_2, by hand; the
    parity with STEGO's own head is in test_stego_reference_parity.py."""
    head = STEGOHead(in_channels=2, code_dim=1, dropout=0.5).eval()
    with torch.no_grad():
        head.linear.weight.copy_(torch.tensor([1., 2.]).view(1, 2, 1, 1))
        head.linear.bias.fill_(0.5)
        head.nonlinear[0].weight.copy_(torch.eye(2).view(2, 2, 1, 1))
        head.nonlinear[0].bias.fill_(-1.)
        head.nonlinear[2].weight.copy_(torch.tensor([1., 3.]).view(
            1, 2, 1, 1))
        head.nonlinear[2].bias.fill_(0.)
    feats = torch.tensor([3., -1.]).view(1, 2, 1, 1).expand(1, 2, 2, 3)
    # linear: 3 - 2 + 0.5 = 1.5; non-linear: ReLU(3 - 1, -1 - 1) = (2, 0)
    # -> 1 * 2 + 3 * 0 = 2; code 3.5 everywhere
    code = head(feats)
    assert code.shape == (1, 1, 2, 3)
    assert torch.allclose(code, torch.full_like(code, 3.5))
    # in training each branch draws its own channel mask: over seeds, the
    # branches sometimes disagree on which channels survive, which one
    # shared mask never does
    head.train()
    values = set()
    for seed in range(40):
        torch.manual_seed(seed)
        values.add(round(float(head(feats)[0, 0, 0, 0].detach()), 4))
    # kept channels are scaled by 2: one shared mask gives only 0.5 (both
    # dropped), 2.5 + 5 = 7.5 (both kept), 6.5 + 5 = 11.5 (channel 0
    # kept) or -3.5 + 0 (channel 1 kept)
    shared = {0.5, 7.5, 11.5, -3.5}
    assert values - shared, values
    head.shared_dropout_mask = True
    for seed in range(40):
        torch.manual_seed(seed)
        assert round(float(head(feats)[0, 0, 0, 0].detach()), 4) in shared
    with pytest.raises(ValueError, match='code_dim'):
        STEGOHead(in_channels=16, code_dim=0)


def test_cluster_probe_descends_towards_assigned_codes():
    torch.manual_seed(0)
    centres = torch.eye(3) * 5
    code = centres[torch.randint(0, 3, (2, 6, 6))].permute(0, 3, 1, 2)
    code = code + 0.1 * torch.randn_like(code)
    probe = ClusterProbe(channels=3, num_clusters=3)
    optim = torch.optim.Adam(probe.parameters(), lr=5e-2)
    first = None
    for _ in range(200):
        logits, loss = probe(code)
        first = first if first is not None else float(loss.detach())
        optim.zero_grad()
        loss.backward()
        optim.step()
    assert logits.shape == (2, 3, 6, 6)
    assert float(loss.detach()) < first - 0.05
    # every used centroid sits on the mean of the codes assigned to it
    assign = logits.argmax(1)
    pixels = code.permute(0, 2, 3, 1)
    for k in assign.unique():
        mean = pixels[assign == k].mean(0)
        cos = torch.cosine_similarity(mean, probe.centroids[k].detach(),
                                      dim=0)
        assert cos > 0.95, (int(k), float(cos))


def test_linear_probe_cross_entropy_by_hand_and_ignores_255():
    probe = LinearProbe(channels=1, num_classes=2)
    with torch.no_grad():
        probe.classifier.weight.copy_(torch.tensor([1., -1.]).view(
            2, 1, 1, 1))
        probe.classifier.bias.zero_()
    code = torch.tensor([1., 2., 0.5, 3.]).view(1, 1, 2, 2)
    logits, zero = probe(code)
    assert logits.shape == (1, 2, 2, 2) and float(zero.detach()) == 0
    # logits (v, -v): CE(label 0) = log(1 + e^{-2v}), CE(label 1) =
    # log(1 + e^{2v}); the 255 pixel is left out of the mean
    labels = torch.tensor([[[0, 1], [255, 0]]])
    _, loss = probe(code, labels)
    expected = (math.log1p(math.exp(-2)) + math.log1p(math.exp(4)) +
                math.log1p(math.exp(-6))) / 3
    assert float(loss) == pytest.approx(expected, rel=1e-6)
    _, ignored = probe(code, torch.full((1, 2, 2), 255))
    assert float(ignored.detach()) == 0
