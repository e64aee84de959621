"""Label look-up tables: raw label value -> train id (255: ignore, -1:
unknown)."""
from typing import Dict, Iterable

import numpy as np

IGNORE_INDEX = 255
UNKNOWN_ID = -1


def build_label_lut(mapping: Dict[int, int],
                    ignore_ids: Iterable[int] = (255, ),
                    size: int = 256) -> np.ndarray:
    """Build the LUT that :class:`LoadMappedAnnotations` applies.

    Args:
        mapping (dict[int, int]): Raw id -> train id.
        ignore_ids (Iterable[int]): Raw ids that become 255 (ignore).
            Defaults to ``(255,)``.
        size (int): Number of raw values covered. Defaults to 256.

    Returns:
        np.ndarray: int16 array of length ``size``; raw ids in neither
        ``mapping`` nor ``ignore_ids`` hold -1.
    """
    lut = np.full(size, UNKNOWN_ID, dtype=np.int16)
    for raw in ignore_ids:
        lut[raw] = IGNORE_INDEX
    for raw, train_id in mapping.items():
        lut[raw] = train_id
    return lut
