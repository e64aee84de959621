"""Cosine k-nearest-neighbour tables of image features, O(N·k) memory."""
from typing import Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmengine import dist
from torch import Tensor


def chunked_topk_cosine(queries: Tensor,
                        keys: Tensor,
                        k: int,
                        chunk_size: int = 4096) -> Tuple[Tensor, Tensor]:
    """The ``k`` most cosine-similar keys of every query.

    Keys are visited in chunks and only the running top-k is kept, so the
    (n, N) similarity matrix never exists: memory is O(n·(k + chunk)).
    Ties are broken by the smaller key index, so the result does not depend
    on the chunk size.

    Args:
        queries (Tensor): (n, D) features.
        keys (Tensor): (N, D) features, N >= k.
        k (int): Neighbours per query (a query that is also a key finds
            itself first).
        chunk_size (int): Keys per chunk. Defaults to 4096.

    Returns:
        tuple[Tensor, Tensor]: (n, k) similarities, descending, and (n, k)
        key indices (int64).
    """
    if k > len(keys):
        raise ValueError(f'Asked for {k} neighbours among {len(keys)} '
                         f'images; use k <= the dataset size.')
    queries = F.normalize(queries.float(), dim=1)
    keys = F.normalize(keys.float(), dim=1)
    best_sims = queries.new_full((len(queries), 0), -2.0)
    best_idx = torch.zeros(len(queries), 0, dtype=torch.long,
                           device=queries.device)
    for start in range(0, len(keys), chunk_size):
        sims = queries @ keys[start:start + chunk_size].T
        idx = torch.arange(start, start + sims.shape[1],
                           device=queries.device).expand_as(sims)
        sims = torch.cat([best_sims, sims], dim=1)
        idx = torch.cat([best_idx, idx], dim=1)
        best_sims, best_idx = _top_k_stable(sims, idx, k)
    return best_sims, best_idx


def _top_k_stable(sims: Tensor, idx: Tensor, k: int) -> Tuple[Tensor, Tensor]:
    """Top-k by (similarity desc, index asc) along dim 1."""
    order = np.lexsort((idx.cpu().numpy(), -sims.cpu().numpy()), axis=1)
    order = torch.from_numpy(order[:, :k]).to(sims.device)
    return sims.gather(1, order), idx.gather(1, order)


def distributed_knn(local_feats: Tensor,
                    local_indices: Tensor,
                    num_samples: int,
                    k: int,
                    chunk_size: int = 4096) -> Tuple[Tensor, Tensor]:
    """Build the full (N, k) table from each rank's shard of features.

    Every rank passes the features it computed and their dataset indices
    (duplicates from a padded sampler are allowed). The features are
    all-gathered (O(N·D)); each rank then answers the queries ``rank::world``
    against all of them in chunks and the (N, k) answers are all-gathered,
    so every rank ends with the same table. Equal to the single-process
    result.

    Args:
        local_feats (Tensor): (n, D) features of this rank's images.
        local_indices (Tensor): (n,) their dataset indices.
        num_samples (int): N, the dataset size.
        k (int): Neighbours per image.
        chunk_size (int): Keys per chunk. Defaults to 4096.

    Returns:
        tuple[Tensor, Tensor]: (N, k) similarities and indices, on CPU.
    """
    feats = torch.zeros(num_samples, local_feats.shape[1])
    seen = torch.zeros(num_samples, dtype=torch.bool)
    for part, index in zip(dist.all_gather(local_feats.float()),
                           dist.all_gather(local_indices.long())):
        feats[index.cpu()] = part.cpu()
        seen[index.cpu()] = True
    if not seen.all():
        missing = torch.nonzero(~seen).flatten()[:5].tolist()
        raise RuntimeError(f'No features for {int((~seen).sum())} of '
                           f'{num_samples} images, e.g. {missing}.')
    rank, world = dist.get_rank(), dist.get_world_size()
    queries = torch.arange(rank, num_samples, world)
    sims, idx = chunked_topk_cosine(feats[queries], feats, k, chunk_size)
    # all_gather needs equal sizes: pad every rank's answer to the longest
    pad = -(-num_samples // world) - len(queries)
    parts_idx = dist.all_gather(
        torch.cat([idx, idx.new_full((pad, k), -1)]))
    parts_sims = dist.all_gather(torch.cat([sims, sims.new_full((pad, k),
                                                                -2.0)]))
    table_idx = torch.empty(num_samples, k, dtype=torch.long)
    table_sims = torch.empty(num_samples, k)
    for other, (part_idx, part_sims) in enumerate(zip(parts_idx,
                                                      parts_sims)):
        targets = torch.arange(other, num_samples, world)
        table_idx[targets] = part_idx[:len(targets)].cpu()
        table_sims[targets] = part_sims[:len(targets)].cpu()
    return table_sims, table_idx
