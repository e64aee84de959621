"""Reporting shared by the dataset checkers in this folder."""
from pathlib import Path
from typing import List

import cv2
import numpy as np


def scan_label_ids(folder: Path, pattern: str, lut: np.ndarray,
                   limit: int) -> List[str]:
    """Problems found in the first ``limit`` label maps under ``folder``."""
    problems = []
    if limit <= 0 or not folder.is_dir():
        return problems
    for path in sorted(folder.glob(pattern))[:limit]:
        raw = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        if raw is None or raw.ndim != 2:
            problems.append(f'{path} is not a single-channel label PNG')
            continue
        ids = np.unique(raw).astype(np.int64)
        bad = ids[(ids >= len(lut)) | (lut[np.minimum(ids, len(lut) - 1)] < 0)]
        if bad.size:
            problems.append(f'{path} has ids outside the mapping: '
                            f'{bad[:20].tolist()}')
    return problems


def report(name: str, root: Path, problems: List[str]) -> int:
    """Print the verdict and return the exit status."""
    if problems:
        print(f'{name} tree at {root} is NOT ready ({len(problems)} '
              f'problem(s)):')
        for problem in problems:
            print(f'  - {problem}')
        print('See docs/dataset_prepare.md for the layout and downloads.')
        return 1
    print(f'{name} tree at {root} is complete.')
    return 0
