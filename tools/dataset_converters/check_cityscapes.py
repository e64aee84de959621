"""Check a Cityscapes tree for Cityscapes-27 and say exactly what is missing.

    python tools/dataset_converters/check_cityscapes.py data/cityscapes [--check-ids 50]

Exits with status 1 when anything is missing or wrong.
"""
import argparse
import sys
from pathlib import Path

from dataset_check import report, scan_label_ids

from mmusseg.datasets.cityscapes27 import LABEL_LUT
from mmusseg.datasets.layout import CITYSCAPES_LABELLED, check_cityscapes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root', type=Path)
    parser.add_argument('--check-ids', type=int, default=0, metavar='N',
                        help='scan N label maps per split for unknown ids')
    args = parser.parse_args()
    problems = check_cityscapes(args.data_root)
    for split in CITYSCAPES_LABELLED:
        problems += scan_label_ids(
            args.data_root / 'gtFine' / split, '*/*_gtFine_labelIds.png',
            LABEL_LUT,
            args.check_ids)
    return report('Cityscapes-27', args.data_root, problems)


if __name__ == '__main__':
    sys.exit(main())
