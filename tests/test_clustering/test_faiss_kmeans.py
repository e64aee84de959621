import numpy as np
import pytest
import torch
from blobs import blob_batches, blob_centers, hungarian_error

from mmusseg.clustering import assign_to_centroids, faiss_kmeans


def test_recovers_blobs_and_is_deterministic():
    centers = blob_centers()
    data = torch.cat(list(blob_batches(centers, 10)))
    a = faiss_kmeans(data, 4, seed=3, num_redo=3)
    b = faiss_kmeans(data.numpy(), 4, seed=3, num_redo=3)
    assert hungarian_error(a, centers) < 0.1
    torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_clear_errors():
    with pytest.raises(ValueError, match='at least K=5'):
        faiss_kmeans(torch.randn(3, 2), 5)
    data = torch.randn(20, 2)
    data[[1, 4]] = float('nan')
    with pytest.raises(ValueError, match='2 of 20 features are NaN'):
        faiss_kmeans(data, 2)
    with pytest.raises(ValueError, match=r'\(N, D\)'):
        faiss_kmeans(np.zeros((2, 3, 4), np.float32), 2)


@pytest.mark.parametrize('chunk', [1, 7, 100])
def test_assignment_equals_cdist_across_chunks(chunk):
    gen = torch.Generator().manual_seed(0)
    x, c = torch.randn(50, 6, generator=gen), torch.randn(5, 6, generator=gen)
    labels, dist = assign_to_centroids(x, c, chunk_size=chunk)
    expected = torch.cdist(x, c).pow(2)
    assert labels.tolist() == expected.argmin(1).tolist()
    torch.testing.assert_close(dist, expected.min(1).values, atol=1e-4,
                               rtol=1e-4)
