"""Rebuild COCO-Stuff-27's curated `_7` lists from a raw COCO-Stuff tree.

The published rule (PiCIE, after IIC): keep an image when its height and
width are both at least 360 pixels and at least 75% of its pixels are stuff
(fine ids whose COCO-Stuff-27 class is one of the 15 stuff classes;
unlabelled pixels count as not stuff). The published lists hold 49,629
train and 2,175 val images.

    python tools/dataset_converters/coco_stuff_curated_lists.py \\
        data/cocostuff [--workers 8]

Writes ``curated/{train2017,val2017}/Coco164kFull_Stuff_Coarse_7.txt``.
An existing list is never overwritten without ``--overwrite``: the rebuilt
one is compared with it instead. Exits with status 1 when the tree lacks
something, naming exactly what.
"""
import argparse
import sys
from functools import partial
from multiprocessing import Pool
from pathlib import Path
from typing import List, Optional, Tuple

import cv2
from mmengine.utils import ProgressBar

from mmusseg.datasets.coco_stuff27 import LABEL_LUT
from mmusseg.datasets.coco_stuff_classes import THING_COARSE_CLASSES
from mmusseg.datasets.layout import COCO_CURATED, COCO_SPLITS, read_id_list

PUBLISHED = {'train2017': 49_629, 'val2017': 2_175}
# A fine id is stuff when its coarse class is past the 12 thing classes.
IS_STUFF = (LABEL_LUT >= len(THING_COARSE_CLASSES)) & (LABEL_LUT != 255)


def keep_image(label_path: Path, min_size: int,
               min_stuff: float) -> Tuple[str, Optional[bool]]:
    """(image id, kept?) for one stuffthingmap; None if unreadable."""
    label = cv2.imread(str(label_path), cv2.IMREAD_UNCHANGED)
    if label is None or label.ndim != 2:
        return label_path.stem, None
    height, width = label.shape
    if min(height, width) < min_size:
        return label_path.stem, False
    return label_path.stem, bool(IS_STUFF[label].mean() >= min_stuff)


def rebuild_split(root: Path, split: str, min_size: int, min_stuff: float,
                  workers: int) -> Tuple[List[str], List[str]]:
    """Kept image ids of a split, and the unreadable label maps."""
    labels = sorted((root / 'annotations' / split).glob('*.png'))
    images = {p.stem for p in (root / 'images' / split).glob('*.jpg')}
    check = partial(keep_image, min_size=min_size, min_stuff=min_stuff)
    kept, unreadable = [], []
    progress = ProgressBar(len(labels))
    with Pool(workers) as pool:
        for image_id, keep in pool.imap(check, labels, chunksize=64):
            if keep is None:
                unreadable.append(image_id)
            elif keep and image_id in images:
                kept.append(image_id)
            progress.update()
    print()
    return sorted(kept), unreadable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root', type=Path)
    parser.add_argument('--min-size', type=int, default=360)
    parser.add_argument('--min-stuff', type=float, default=0.75)
    parser.add_argument('--workers', type=int, default=4)
    parser.add_argument('--overwrite', action='store_true',
                        help='replace existing curated lists')
    args = parser.parse_args()
    problems = []
    for split in COCO_SPLITS:
        for sub in ('images', 'annotations'):
            folder = args.data_root / sub / split
            if not folder.is_dir():
                problems.append(f'missing folder {folder}')
    if problems:
        print('Cannot rebuild the curated lists:\n  ' + '\n  '.join(problems)
              + '\nSee docs/dataset_prepare.md#coco-stuff-27.')
        return 1
    for split in COCO_SPLITS:
        print(f'{split}: scanning {args.data_root / "annotations" / split}')
        kept, unreadable = rebuild_split(args.data_root, split,
                                         args.min_size, args.min_stuff,
                                         args.workers)
        if unreadable:
            problems.append(f'{len(unreadable)} unreadable label maps in '
                            f'{split}, e.g. {unreadable[:3]}')
        target = args.data_root / 'curated' / split / COCO_CURATED
        print(f'{split}: {len(kept)} images kept (published list: '
              f'{PUBLISHED[split]:,})')
        if target.exists() and not args.overwrite:
            existing = set(read_id_list(target))
            print(f'{split}: {target} exists, not overwritten; '
                  f'{len(existing & set(kept))} ids in both, '
                  f'{len(set(kept) - existing)} only rebuilt, '
                  f'{len(existing - set(kept))} only existing')
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(''.join(f'{i}\n' for i in kept))
        if read_id_list(target) != kept:
            problems.append(f'{target} did not read back as written')
        print(f'{split}: wrote {target}')
    if problems:
        print('Problems:\n  ' + '\n  '.join(problems))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
