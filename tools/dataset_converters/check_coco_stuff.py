"""Check a COCO-Stuff-27 tree and say exactly what is missing.

    python tools/dataset_converters/check_coco_stuff.py data/cocostuff \\
        [--check-ids 50]

Exits with status 1 when anything is missing or wrong.
"""
import sys

from dataset_check import main

if __name__ == '__main__':
    sys.exit(main('coco_stuff', __doc__.split('\n')[0]))
