"""Reassemble per-sample results that ranks computed on their shards."""
import torch
from mmengine import dist
from torch import Tensor


def gather_by_index(local: Tensor, local_indices: Tensor,
                    num_samples: int) -> Tensor:
    """All-gather rows computed on each rank into dataset order.

    Every rank passes the rows it computed and their dataset indices
    (duplicates from a padded sampler are allowed). Each rank ends with the
    same (N, ...) CPU tensor.

    Args:
        local (Tensor): (n, ...) rows of this rank.
        local_indices (Tensor): (n,) their dataset indices.
        num_samples (int): N, the dataset size.

    Returns:
        Tensor: (N, ...) float rows in dataset order.

    Raises:
        RuntimeError: If some index in [0, N) was computed by no rank.
    """
    out = torch.zeros(num_samples, *local.shape[1:])
    seen = torch.zeros(num_samples, dtype=torch.bool)
    for part, index in zip(dist.all_gather(local.float()),
                           dist.all_gather(local_indices.long())):
        out[index.cpu()] = part.cpu()
        seen[index.cpu()] = True
    if not seen.all():
        missing = torch.nonzero(~seen).flatten()[:5].tolist()
        raise RuntimeError(f'No result for {int((~seen).sum())} of '
                           f'{num_samples} samples, e.g. {missing}.')
    return out
