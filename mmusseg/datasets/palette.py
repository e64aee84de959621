"""Distinct colours for class palettes."""
import colorsys
from typing import List


def make_palette(num: int) -> List[List[int]]:
    """``num`` well-separated RGB colours (golden-ratio hue steps)."""
    colours = []
    for i in range(num):
        hue = (i * 0.618033988749895) % 1.0
        value = 0.95 if i % 2 == 0 else 0.7
        r, g, b = colorsys.hsv_to_rgb(hue, 0.75, value)
        colours.append([round(r * 255), round(g * 255), round(b * 255)])
    return colours
