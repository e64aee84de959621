import subprocess
import sys

import cv2
import numpy as np

from helpers.runs import REPO_ROOT
from mmusseg.testing.fake_trees import (make_fake_cityscapes,
                                        make_fake_coco_stuff)


def check(tool, root, *extra):
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / 'tools/dataset_converters' / tool),
         str(root), *extra], capture_output=True, text=True)


def test_complete_coco_tree_passes_and_gaps_are_named(tmp_path):
    root = make_fake_coco_stuff(tmp_path / 'coco')
    ok = check('check_coco_stuff.py', root, '--check-ids', '5')
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (root / 'curated/val2017/Coco164kFull_Stuff_Coarse_7.txt').unlink()
    cv2.imwrite(str(root / 'annotations/train2017/000000000000.png'),
                np.full((4, 4), 200, np.uint8))
    bad = check('check_coco_stuff.py', root, '--check-ids', '5')
    assert bad.returncode == 1
    assert 'curated/val2017/Coco164kFull_Stuff_Coarse_7.txt' in bad.stdout
    assert 'ids outside the mapping: [200]' in bad.stdout


def test_cityscapes_missing_split_is_named(tmp_path):
    root = make_fake_cityscapes(tmp_path / 'cs', splits=('train', 'val'))
    out = check('check_cityscapes.py', root)
    assert out.returncode == 1
    assert str(root / 'leftImg8bit' / 'train_extra') in out.stdout
    full = make_fake_cityscapes(tmp_path / 'cs_full')
    assert check('check_cityscapes.py', full).returncode == 0
