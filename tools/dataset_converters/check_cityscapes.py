"""Check a Cityscapes tree for Cityscapes-27 and say exactly what is missing.

    python tools/dataset_converters/check_cityscapes.py data/cityscapes \\
        [--check-ids 50]

Exits with status 1 when anything is missing or wrong.
"""
import sys

from dataset_check import main

if __name__ == '__main__':
    sys.exit(main('cityscapes', __doc__.split('\n')[0]))
