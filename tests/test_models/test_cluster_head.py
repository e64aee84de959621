import pytest
import torch
import torch.nn.functional as F

from mmusseg.models.heads import ClusterHead


def test_euclidean_logits_are_negative_squared_distances():
    head = ClusterHead(num_clusters=3, channels=4)
    centroids = torch.randn(3, 4)
    head.set_centroids(centroids)
    feats = torch.randn(2, 4, 5, 6)
    logits = head(feats)
    pixels = feats.permute(0, 2, 3, 1).reshape(-1, 4)
    expected = -torch.cdist(pixels, centroids).pow(2)
    got = logits.permute(0, 2, 3, 1).reshape(-1, 3)
    torch.testing.assert_close(got, expected, atol=1e-4, rtol=1e-4)


def test_cosine_logits_ignore_norms():
    head = ClusterHead(num_clusters=2, channels=3, distance='cosine')
    head.set_centroids(torch.tensor([[1., 0., 0.], [0., 5., 0.]]))
    feats = torch.tensor([[3., 0.1, 0.], [0.1, 0.2, 0.]]).T.reshape(1, 3, 1, 2)
    logits = head(feats)
    assert logits.argmax(1).flatten().tolist() == [0, 1]
    expected = F.normalize(feats[0, :, 0, 0], dim=0)[0]
    torch.testing.assert_close(logits[0, 0, 0, 0], expected)


def test_centroids_are_saved_in_state_dict():
    head = ClusterHead(num_clusters=2, channels=3)
    head.set_centroids(torch.ones(2, 3))
    fresh = ClusterHead(num_clusters=2, channels=3)
    fresh.load_state_dict(head.state_dict())
    assert bool(fresh.fitted)
    torch.testing.assert_close(fresh.centroids, torch.ones(2, 3))


def test_unfitted_head_and_bad_centroids_fail_clearly():
    head = ClusterHead(num_clusters=2, channels=3)
    with pytest.raises(RuntimeError, match='not been fitted'):
        head(torch.zeros(1, 3, 2, 2))
    with pytest.raises(ValueError, match=r'\(2, 3\)'):
        head.set_centroids(torch.zeros(3, 3))
    with pytest.raises(ValueError, match='non-finite'):
        head.set_centroids(torch.full((2, 3), float('nan')))
    with pytest.raises(ValueError, match='distance'):
        ClusterHead(num_clusters=2, channels=3, distance='manhattan')


def test_dot_logits_are_a_bias_free_1x1_conv():
    head = ClusterHead(num_clusters=3, channels=4, distance='dot')
    centroids = torch.randn(3, 4)
    head.set_centroids(centroids)
    feats = torch.randn(2, 4, 5, 6)
    torch.testing.assert_close(
        head(feats), F.conv2d(feats, centroids[:, :, None, None]))
