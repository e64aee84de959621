"""Check a COCO-Stuff-27 tree and say exactly what is missing.

    python tools/dataset_converters/check_coco_stuff.py data/cocostuff [--check-ids 50]

Exits with status 1 when anything is missing or wrong.
"""
import argparse
import sys
from pathlib import Path

from dataset_check import report, scan_label_ids

from mmusseg.datasets.coco_stuff27 import LABEL_LUT
from mmusseg.datasets.layout import COCO_SPLITS, check_coco_stuff


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root', type=Path)
    parser.add_argument('--check-ids', type=int, default=0, metavar='N',
                        help='scan N label maps per split for unknown ids')
    args = parser.parse_args()
    problems = check_coco_stuff(args.data_root)
    for split in COCO_SPLITS:
        problems += scan_label_ids(
            args.data_root / 'annotations' / split, '*.png', LABEL_LUT,
            args.check_ids)
    return report('COCO-Stuff-27', args.data_root, problems)


if __name__ == '__main__':
    sys.exit(main())
