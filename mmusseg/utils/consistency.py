"""Check that tensors every rank should agree on are identical."""
from typing import Dict

import torch
from mmengine import dist
from torch import Tensor


def fingerprint(tensors: Dict[str, Tensor]) -> Tensor:
    """A float64 (n, 2) summary (sum, weighted sum) of named tensors, in
    name order; any change of a value or of its position changes it."""
    rows = []
    for name in sorted(tensors):
        flat = tensors[name].detach().double().flatten().cpu()
        weights = torch.arange(1, len(flat) + 1, dtype=torch.float64)
        rows.append(torch.stack([flat.sum(), (flat * weights).sum()]))
    return torch.stack(rows) if rows else torch.zeros(0, 2,
                                                      dtype=torch.float64)


def check_identical_across_ranks(tensors: Dict[str, Tensor],
                                 what: str) -> float:
    """Raise if ``tensors`` differ between ranks.

    Every rank must call it (it all-gathers a fingerprint, not the
    tensors). Without a process group it only returns the fingerprint.

    Args:
        tensors (dict[str, Tensor]): The tensors, by name.
        what (str): What they are, for the error message.

    Returns:
        float: A scalar fingerprint, equal on all ranks.

    Raises:
        RuntimeError: Naming the ranks whose tensors differ from rank 0's.
    """
    local = fingerprint(tensors)
    device = 'cuda' if dist.get_backend() == 'nccl' else 'cpu'
    gathered = dist.all_gather(local.to(device))
    differ = [rank for rank, other in enumerate(gathered)
              if not torch.equal(other.cpu(), gathered[0].cpu())]
    if differ:
        raise RuntimeError(f'{what} differ between ranks: ranks {differ} '
                           f'disagree with rank 0.')
    return float(local.sum())
