"""STEGO's head and probes: shapes, branches and what their losses do."""
import pytest
import torch

import mmusseg  # noqa: F401
from mmusseg.models.heads import ClusterProbe, LinearProbe, STEGOHead


def test_head_sums_a_linear_and_a_nonlinear_branch():
    head = STEGOHead(in_channels=16, code_dim=5, dropout=0.1).eval()
    feats = torch.randn(2, 16, 7, 7)
    code = head(feats)
    assert code.shape == (2, 5, 7, 7)
    expected = head.linear(feats) + head.nonlinear(feats)
    torch.testing.assert_close(code, expected)
    head.train()
    torch.manual_seed(0)
    assert not torch.allclose(head(feats), code)  # dropout in training
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


def test_linear_probe_uses_labels_and_ignores_255():
    probe = LinearProbe(channels=4, num_classes=3)
    code = torch.randn(2, 4, 5, 5)
    logits, zero = probe(code)
    assert logits.shape == (2, 3, 5, 5) and float(zero.detach()) == 0
    labels = torch.randint(0, 3, (2, 10, 10))
    _, loss = probe(code, labels)
    assert float(loss.detach()) > 0
    _, ignored = probe(code, torch.full((2, 10, 10), 255))
    assert float(ignored.detach()) == 0
