"""Well-separated Gaussian blobs, streamed in batches."""
import torch


def blob_centers(k=4, dim=8, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(k, dim, generator=gen) * 10


def blob_batches(centers, num_batches, batch=64, seed=1, shard=0, shards=1):
    gen = torch.Generator().manual_seed(seed * 1000 + shard)
    for _ in range(num_batches):
        labels = torch.randint(0, len(centers), (batch, ), generator=gen)
        yield centers[labels] + 0.1 * torch.randn(
            batch, centers.shape[1], generator=gen)


def hungarian_error(found, centers):
    """Largest distance between matched found and true centers."""
    from scipy.optimize import linear_sum_assignment
    cost = torch.cdist(found, centers).numpy()
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].max())


def warm_start(k=4, dim=8, seed=7):
    """A fixed, imperfect start for k-means on ``blob_centers()``."""
    gen = torch.Generator().manual_seed(seed)
    return blob_centers(k, dim) + 3 * torch.randn(k, dim, generator=gen)
