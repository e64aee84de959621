"""Pixel subsampling that bounds the memory of clustering passes."""
import torch
from torch import Tensor


def subsample_pixels(feature_map: Tensor, num_pixels: int,
                     generator: torch.Generator) -> Tensor:
    """Pick ``num_pixels`` random pixels of every image.

    Args:
        feature_map (Tensor): (B, D, H, W) features, on any device.
        num_pixels (int): Pixels per image; all of them when H*W is smaller.
        generator (torch.Generator): CPU generator; the positions depend
            only on it, not on the device.

    Returns:
        Tensor: (B * n, D) features with n = min(num_pixels, H * W).
    """
    batch, dim, height, width = feature_map.shape
    flat = feature_map.flatten(2)  # B, D, HW
    n = min(num_pixels, height * width)
    index = torch.stack([
        torch.randperm(height * width, generator=generator)[:n]
        for _ in range(batch)
    ]).to(feature_map.device)
    picked = flat.gather(2, index[:, None, :].expand(batch, dim, n))
    return picked.permute(0, 2, 1).reshape(batch * n, dim)
