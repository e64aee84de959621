"""Procedural scenes whose classes are textures and shapes, not colours.

Each scene is a background split into two to three "stuff" regions
(Voronoi cells) and one to three "thing" shapes on top. A class fixes a
*texture* (or a shape with a texture); every region draws its own two
colours, and every image its own brightness, contrast and noise.

By default the colours are uniformly random, so the colour of a pixel says
nothing about its class. With ``hue_spread`` each class has a hue of its
own (classes 60 degrees apart) and a region's colours scatter around it
with that standard deviation (a fraction of the hue circle): colour is then
informative but ambiguous, as in natural images (skies are mostly blue),
and texture is needed to tell neighbouring classes apart.
"""
import colorsys
from typing import Optional, Tuple

import numpy as np

CLASSES = ('stripes', 'checker', 'grain', 'smooth', 'dotted disk',
           'hatched square')
THING_CLASSES = ('dotted disk', 'hatched square')
GENERATOR_VERSION = 1


def _texture(cls: int, yy: np.ndarray, xx: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    """A [0, 1] texture map of class ``cls`` with jittered frequency/phase."""
    phase = rng.uniform(0, 2 * np.pi)
    if cls == 0:  # stripes, near-horizontal
        angle = rng.uniform(-0.3, 0.3)
        period = rng.uniform(5, 8)
        u = yy * np.cos(angle) + xx * np.sin(angle)
        return 0.5 + 0.5 * np.sin(2 * np.pi * u / period + phase)
    if cls == 1:  # checkerboard
        cell = rng.integers(4, 7)
        return ((yy // cell + xx // cell) % 2).astype(np.float32)
    if cls == 2:  # fine grain
        return rng.random(yy.shape)
    if cls == 3:  # smooth gradient
        angle = rng.uniform(0, 2 * np.pi)
        u = yy * np.cos(angle) + xx * np.sin(angle)
        return (u - u.min()) / max(np.ptp(u), 1e-6)
    if cls == 4:  # dots
        period = rng.uniform(4, 6)
        return ((np.sin(2 * np.pi * yy / period + phase) *
                 np.sin(2 * np.pi * xx / period + phase)) > 0.3).astype(
                     np.float32)
    # cls == 5: diagonal hatching
    period = rng.uniform(3, 5)
    return (np.sin(2 * np.pi * (yy + xx) / period + phase) > 0).astype(
        np.float32)


def _colour(cls: int, rng: np.random.Generator,
            hue_spread: Optional[float]) -> np.ndarray:
    """An RGB colour in [0, 255]: uniform, or scattered around the class's
    hue."""
    if hue_spread is None:
        return rng.uniform(0, 255, 3)
    hue = (cls / len(CLASSES) + rng.normal(0, hue_spread)) % 1.0
    rgb = colorsys.hsv_to_rgb(hue, rng.uniform(0.35, 1.0),
                              rng.uniform(0.35, 1.0))
    return np.array(rgb) * 255


def _paint(img: np.ndarray, mask: np.ndarray, cls: int, yy, xx,
           rng: np.random.Generator, hue_spread: Optional[float]) -> None:
    """Fill ``mask`` with class ``cls``'s texture in two colours."""
    colour_a = _colour(cls, rng, hue_spread)
    colour_b = _colour(cls, rng, hue_spread)
    t = _texture(cls, yy, xx, rng)[..., None]
    img[mask] = (colour_a * (1 - t) + colour_b * t)[mask]


def generate_scene(
        rng: np.random.Generator,
        size: Tuple[int, int],
        hue_spread: Optional[float] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Generate one scene.

    Args:
        rng (np.random.Generator): Source of all randomness.
        size (tuple[int, int]): (H, W).
        hue_spread (float, optional): Standard deviation of a region's hue
            around its class's hue; None draws uniform colours.

    Returns:
        tuple[np.ndarray, np.ndarray]: (H, W, 3) uint8 RGB image and
        (H, W) uint8 label map with ids into :data:`CLASSES`.
    """
    h, w = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32)
    label = np.zeros((h, w), np.uint8)
    # Stuff: Voronoi cells of 2-3 random seeds, distinct texture classes.
    num_cells = rng.integers(2, 4)
    seeds = rng.uniform(0, 1, (num_cells, 2)) * (h, w)
    cell = np.argmin(((yy[..., None] - seeds[:, 0])**2 +
                      (xx[..., None] - seeds[:, 1])**2), axis=-1)
    stuff = rng.choice(4, size=num_cells, replace=False)
    for i, cls in enumerate(stuff):
        mask = cell == i
        label[mask] = cls
        _paint(img, mask, cls, yy, xx, rng, hue_spread)
    # Things: 1-3 shapes of random size and position.
    for _ in range(rng.integers(1, 4)):
        cls = int(rng.integers(4, 6))
        radius = rng.uniform(0.12, 0.25) * min(h, w)
        cy = rng.uniform(radius, h - radius)
        cx = rng.uniform(radius, w - radius)
        if cls == 4:
            mask = (yy - cy)**2 + (xx - cx)**2 <= radius**2
        else:
            mask = (np.abs(yy - cy) <= radius) & (np.abs(xx - cx) <= radius)
        label[mask] = cls
        _paint(img, mask, cls, yy, xx, rng, hue_spread)
    # Per-image photometric change and sensor noise.
    contrast, brightness = rng.uniform(0.6, 1.2), rng.uniform(-40, 40)
    img = (img - 128) * contrast + 128 + brightness
    img += rng.normal(0, 4, img.shape)
    return np.clip(img, 0, 255).round().astype(np.uint8), label
