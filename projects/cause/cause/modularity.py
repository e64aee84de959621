"""CAUSE's token subsampling and its soft modularity objective."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def sample_grid(feats: Tensor,
                cell: int = 4,
                order: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
    """Keep one token of every ``cell x cell`` window of a feature map.

    CAUSE computes its modularity and contrastive objectives on such a
    subsample to bound their quadratic cost (Kim et al., NeurIPS 2023;
    ByungKwanLee/Causal-Unsupervised-Segmentation, ``stochastic_sampling``
    in ``modules/segment_module.py``). Rows and columns beyond a multiple
    of ``cell`` are dropped.

    Args:
        feats (Tensor): (B, C, H, W) feature map.
        cell (int): Window side. Defaults to 4.
        order (Tensor, optional): (B * H // cell * W // cell,) index in
            ``[0, cell**2)`` of the kept token of every window (row-major
            inside the window; windows in batch, row, column order). Pass
            the ``order`` returned by a previous call to subsample another
            map at the same positions. None draws it uniformly with the
            global torch generator.

    Returns:
        tuple[Tensor, Tensor]: The (B, C, H // cell, W // cell) subsample
        and the ``order`` used.
    """
    batch, channels, height, width = feats.shape
    rows, cols = height // cell, width // cell
    if rows == 0 or cols == 0:
        raise ValueError(f'sample_grid: a {height}x{width} map has no '
                         f'{cell}x{cell} window; lower grid_cell.')
    windows = feats[:, :, :rows * cell, :cols * cell].reshape(
        batch, channels, rows, cell, cols, cell).permute(
            0, 2, 4, 3, 5, 1).reshape(-1, cell * cell, channels)
    if order is None:
        order = torch.randint(cell * cell, (windows.shape[0], ))
    if order.shape != (windows.shape[0], ):
        raise ValueError(f'sample_grid: order has shape {tuple(order.shape)}'
                         f', expected ({windows.shape[0]},).')
    picked = windows[torch.arange(windows.shape[0]), order.to(feats.device)]
    return picked.reshape(batch, rows, cols,
                          channels).permute(0, 3, 1, 2), order


def modularity_matrix(tokens: Tensor) -> Tuple[Tensor, Tensor]:
    """Modularity matrix of the cosine-affinity graph of each image.

    The graph links tokens ``i != j`` with weight ``max(cos(x_i, x_j), 0)``;
    its modularity matrix is ``A - d d^T / 2m`` with degrees ``d`` and total
    weight ``2m = sum(A)``.

    Args:
        tokens (Tensor): (B, N, C) token features.

    Returns:
        tuple[Tensor, Tensor]: (B, N, N) modularity matrix and (B, 1, 1)
        total edge weight ``2m`` (at least the smallest positive float).
    """
    normed = F.normalize(tokens, dim=2)
    adjacency = (normed @ normed.transpose(1, 2)).clamp(min=0)
    eye = torch.eye(adjacency.shape[1], device=tokens.device,
                    dtype=tokens.dtype)
    adjacency = adjacency * (1 - eye)
    degrees = adjacency.sum(dim=2, keepdim=True)
    # an edgeless graph (one token) has a zero matrix, not 0 / 0
    total = degrees.sum(dim=1, keepdim=True).clamp_min(
        torch.finfo(tokens.dtype).tiny)
    return adjacency - degrees @ degrees.transpose(1, 2) / total, total


def modularity_loss(concepts: Tensor,
                    feats: Tensor,
                    temperature: float = 0.1) -> Tensor:
    """Negative soft modularity of ``feats`` clustered by ``concepts``.

    Each token ``i`` is assigned to concept ``k`` with the soft weight
    ``C_ik = max(cos(x_i, c_k), 0)``; two tokens share a cluster with the
    soft indicator ``delta_ij = tanh(max_k C_ik C_jk / temperature)``; the
    objective is ``-mean_b sum_ij B_ij delta_ij / 2m`` with the modularity
    matrix ``B`` of each image's affinity graph (:func:`modularity_matrix`).
    Only ``concepts`` receive gradients: ``feats`` are detached. This is
    CAUSE's mediator objective (the concept clusterbook) and its
    cluster-probe objective (reference ``compute_modularity_based_codebook``).

    Args:
        concepts (Tensor): (K, C) concept vectors.
        feats (Tensor): (B, C, H, W) feature map (or (B, C, N) tokens).
        temperature (float): Temperature of the tanh. Defaults to 0.1.

    Returns:
        Tensor: The scalar loss.
    """
    tokens = feats.detach().flatten(2).transpose(1, 2)
    modularity, total = modularity_matrix(tokens)
    assignment = (F.normalize(tokens, dim=2)
                  @ F.normalize(concepts, dim=1).t()).clamp(min=0)
    traces = []
    for image in range(tokens.shape[0]):  # bounds memory to N x N x K
        soft = assignment[image]
        together = torch.tanh(
            (soft.unsqueeze(1) * soft.unsqueeze(0)).amax(dim=2) / temperature)
        traces.append((modularity[image] / total[image] * together).sum())
    return -torch.stack(traces).mean()
