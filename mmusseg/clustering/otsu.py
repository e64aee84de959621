"""Otsu's threshold from a histogram (label-free foreground cut)."""
import torch
from torch import Tensor


def otsu_threshold(hist: Tensor, low: float = 0.0, high: float = 1.0
                   ) -> float:
    """The threshold maximising the between-class variance of a histogram
    of values in [``low``, ``high``] with equal-width bins.

    Values at or below the returned bin centre form one class, those above
    the other (skimage's ``threshold_otsu`` convention).

    Args:
        hist (Tensor): (bins,) counts.
        low, high (float): Range covered by the bins.

    Returns:
        float: The threshold.

    Raises:
        ValueError: If the histogram is empty.
    """
    hist = hist.double().flatten()
    if hist.sum() <= 0:
        raise ValueError('Otsu needs a non-empty histogram.')
    bins = hist.numel()
    centres = low + (torch.arange(bins, dtype=torch.float64) + 0.5) * (
        high - low) / bins
    weight0 = hist.cumsum(0)
    weight1 = hist.sum() - weight0
    mass0 = (hist * centres).cumsum(0)
    mean0 = mass0 / weight0.clamp_min(1e-12)
    mean1 = (mass0[-1] - mass0) / weight1.clamp_min(1e-12)
    between = weight0 * weight1 * (mean0 - mean1)**2
    return float(centres[int(between[:-1].argmax())])
