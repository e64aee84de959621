"""coco_stuff_curated_lists.py applies the published rule on a fake tree."""
import subprocess

import cv2
import numpy as np

from helpers.runs import REPO_ROOT, tool_command
from mmusseg.datasets.coco_stuff27 import LABEL_LUT

STUFF = int(np.flatnonzero(LABEL_LUT == 20)[0])  # a fine stuff id
THING = int(np.flatnonzero(LABEL_LUT == 0)[0])  # a fine thing id
# (height, width, stuff fraction, kept by the rule?)
CASES = {
    'big_stuffy': (400, 420, 0.80, True),
    'exact_limits': (360, 360, 0.75, True),
    'too_few_stuff': (400, 400, 0.50, False),
    'too_small': (300, 500, 1.00, False),
}


def write_tree(root):
    for split in ('train2017', 'val2017'):
        for sub in ('images', 'annotations'):
            (root / sub / split).mkdir(parents=True)
        for name, (h, w, frac, _) in CASES.items():
            label = np.full((h, w), THING, np.uint8)
            label.flat[:round(frac * h * w)] = STUFF
            label[-1, -1] = 255 if frac < 1 else STUFF  # unlabelled
            cv2.imwrite(str(root / 'annotations' / split / f'{name}.png'),
                        label)
            cv2.imwrite(str(root / 'images' / split / f'{name}.jpg'),
                        np.zeros((h, w, 3), np.uint8))


def run(*args):
    cmd, env = tool_command(
        ['tools/dataset_converters/coco_stuff_curated_lists.py', *map(
            str, args), '--workers', '1'])
    return subprocess.run(cmd, cwd=REPO_ROOT, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_rebuilds_lists_by_the_published_rule(tmp_path):
    write_tree(tmp_path)
    proc = run(tmp_path)
    assert proc.returncode == 0, proc.stdout
    expected = sorted(n for n, case in CASES.items() if case[3])
    for split in ('train2017', 'val2017'):
        listed = (tmp_path / 'curated' / split /
                  'Coco164kFull_Stuff_Coarse_7.txt').read_text().split()
        assert listed == expected
    again = run(tmp_path)  # never overwrites; compares instead
    assert 'exists, not overwritten; 2 ids in both, 0 only rebuilt' in \
        again.stdout


def test_names_what_is_missing(tmp_path):
    (tmp_path / 'images' / 'train2017').mkdir(parents=True)
    proc = run(tmp_path)
    assert proc.returncode == 1
    assert f'missing folder {tmp_path / "annotations" / "train2017"}' in \
        proc.stdout
    assert f'missing folder {tmp_path / "images" / "val2017"}' in proc.stdout
