"""Cosine k-nearest-neighbour tables of image features, O(N·k) memory."""
from typing import Tuple

import torch
import torch.nn.functional as F
from mmengine import dist
from torch import Tensor

from mmusseg.utils.gather import gather_by_index


def chunked_topk_cosine(queries: Tensor,
                        keys: Tensor,
                        k: int,
                        chunk_size: int = 4096,
                        query_block: int = 1024) -> Tuple[Tensor, Tensor]:
    """The ``k`` most cosine-similar keys of every query.

    Queries are taken ``query_block`` at a time and keys ``chunk_size`` at
    a time, keeping only the running top-k: the (n, N) similarity matrix
    never exists and memory is O(n·k + query_block·chunk_size). Ties are
    broken by the smaller key index, so the result does not depend on the
    block sizes.

    Args:
        queries (Tensor): (n, D) features.
        keys (Tensor): (N, D) features, N >= k.
        k (int): Neighbours per query (a query that is also a key finds
            itself first).
        chunk_size (int): Keys per chunk. Defaults to 4096.
        query_block (int): Queries per block. Defaults to 1024.

    Returns:
        tuple[Tensor, Tensor]: (n, k) similarities, descending, and (n, k)
        key indices (int64).
    """
    if k > len(keys):
        raise ValueError(f'Asked for {k} neighbours among {len(keys)} '
                         f'images; use k <= the dataset size.')
    queries = F.normalize(queries.float(), dim=1)
    keys = F.normalize(keys.float(), dim=1)
    sims, idx = [], []
    for q0 in range(0, len(queries), query_block):
        block = queries[q0:q0 + query_block]
        best_sims = block.new_empty((len(block), 0))
        best_idx = torch.empty((len(block), 0), dtype=torch.long,
                               device=block.device)
        for start in range(0, len(keys), chunk_size):
            chunk = block @ keys[start:start + chunk_size].T
            chunk_idx = torch.arange(
                start, start + chunk.shape[1],
                device=block.device).expand_as(chunk)
            # candidates stay in ascending key order: best ones (kept
            # sorted by index) come before the chunk's larger indices
            best_sims, best_idx = _top_k_by_index(
                torch.cat([best_sims, chunk], dim=1),
                torch.cat([best_idx, chunk_idx], dim=1), k)
        order = torch.sort(best_sims, dim=1, descending=True,
                           stable=True).indices
        sims.append(best_sims.gather(1, order))
        idx.append(best_idx.gather(1, order))
    return torch.cat(sims), torch.cat(idx)


def _top_k_by_index(sims: Tensor, idx: Tensor,
                    k: int) -> Tuple[Tensor, Tensor]:
    """The top-k of candidates given in ascending index order (ties: the
    smaller index wins), returned in ascending index order."""
    if sims.shape[1] > k:
        cut = sims.topk(k + 1, dim=1).values
        if (cut[:, k - 1] == cut[:, k]).any():
            # a tie at the boundary: a stable sort keeps the smaller index
            keep = torch.sort(sims, dim=1, descending=True,
                              stable=True).indices[:, :k]
        else:
            keep = sims.topk(k, dim=1).indices
        sims, idx = sims.gather(1, keep), idx.gather(1, keep)
    order = idx.argsort(dim=1)
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
    feats = gather_by_index(local_feats, local_indices, num_samples)
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
