"""The dataset-tree checkers of this folder: one table, one ``main``.

``check_coco_stuff.py`` and ``check_cityscapes.py`` call :func:`main` with
their dataset's entry of :data:`TREES`.
"""
import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List

import cv2
import numpy as np

from mmusseg.datasets import cityscapes27, coco_stuff27
from mmusseg.datasets.layout import (CITYSCAPES_LABELLED, COCO_SPLITS,
                                     check_cityscapes, check_coco_stuff)


@dataclass(frozen=True)
class Tree:
    """How to check one dataset's tree.

    Attributes:
        name (str): The dataset, as printed.
        check (Callable): Root -> problems with folders and lists.
        label_dirs (Callable): Root -> the folders of label maps.
        label_pattern (str): Glob of the label maps in those folders.
        lut (np.ndarray): Raw id -> train id (-1: not in the mapping).
    """
    name: str
    check: Callable[[Path], List[str]]
    label_dirs: Callable[[Path], List[Path]]
    label_pattern: str
    lut: np.ndarray


TREES = {
    'coco_stuff': Tree(
        'COCO-Stuff-27', check_coco_stuff,
        lambda root: [root / 'annotations' / s for s in COCO_SPLITS],
        '*.png', coco_stuff27.LABEL_LUT),
    'cityscapes': Tree(
        'Cityscapes-27', check_cityscapes,
        lambda root: [root / 'gtFine' / s for s in CITYSCAPES_LABELLED],
        '*/*_gtFine_labelIds.png', cityscapes27.LABEL_LUT),
}


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


def main(dataset: str, description: str) -> int:
    """Check the tree given on the command line; returns the exit status.

    Args:
        dataset (str): A key of :data:`TREES`.
        description (str): The calling script's help text.
    """
    tree = TREES[dataset]
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('data_root', type=Path)
    parser.add_argument('--check-ids', type=int, default=0, metavar='N',
                        help='scan N label maps per split for unknown ids')
    args = parser.parse_args()
    problems = tree.check(args.data_root)
    for folder in tree.label_dirs(args.data_root):
        problems += scan_label_ids(folder, tree.label_pattern, tree.lut,
                                   args.check_ids)
    return report(tree.name, args.data_root, problems)
