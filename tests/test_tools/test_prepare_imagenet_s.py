"""prepare_imagenet_s.py builds the ImageNet-S layout from an ImageNet
copy and the name lists, and names what is missing."""
import subprocess

import cv2
import numpy as np
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

from helpers.runs import REPO_ROOT, tool_command

WNIDS = [f'n{1000000 + 7 * i:08d}' for i in range(50)]


def _image(path, value=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.full((8, 10, 3), value, np.uint8))


def _fake_imagenet_and_lists(root):
    imagenet, names = root / 'imagenet', root / 'names'
    names.mkdir(parents=True)
    lists = {k: [] for k in ('train', 'semi', 'validation', 'test')}
    for i, wnid in enumerate(WNIDS):
        for n in (1, 2):
            _image(imagenet / 'train' / wnid / f'{wnid}_{n}.JPEG')
        _image(imagenet / 'val' / f'ILSVRC2012_val_{i:08d}.JPEG')
        _image(imagenet / 'test' / f'ILSVRC2012_test_{i:08d}.JPEG')
        lists['train'].append(f'{wnid}/{wnid}_1.JPEG')
        lists['semi'].append(f'{wnid}/{wnid}_2.JPEG')
        lists['validation'].append(f'{wnid}/ILSVRC2012_val_{i:08d}.JPEG')
        lists['test'].append(f'{wnid}/ILSVRC2012_test_{i:08d}.JPEG')
    for split in ('train', 'validation', 'test'):
        (names / f'ImageNetS_im50_{split}.txt').write_text(
            '\n'.join(lists[split]) + '\n')
    (names / 'ImageNetSemi_im50_train.txt').write_text(
        '\n'.join(lists['semi']) + '\n')
    return imagenet, names, lists


def _masks(out, lists):
    """What unpacking the annotation archive adds."""
    for split, key in (('validation', 'validation'), ('train-semi', 'semi')):
        for entry in lists[key]:
            wnid, name = entry.split('/')
            rank = sorted(WNIDS).index(wnid) + 1
            mask = np.zeros((8, 10, 3), np.uint8)
            mask[..., 2] = rank  # R = id % 256 (OpenCV writes BGR)
            path = (out / 'ImageNetS50' / f'{split}-segmentation' / wnid /
                    name.replace('.JPEG', '.png'))
            path.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(path), mask)


def run(*args):
    cmd, env = tool_command(['tools/dataset_converters/prepare_imagenet_s.py',
                             *map(str, args)])
    return subprocess.run(cmd, cwd=REPO_ROOT, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_builds_a_tree_the_dataset_loads(tmp_path):
    imagenet, names, lists = _fake_imagenet_and_lists(tmp_path)
    out = tmp_path / 'ImageNetS'
    _masks(out, lists)
    proc = run(imagenet, names, out, '--subset', 50)
    assert proc.returncode == 0, proc.stdout
    assert 'ImageNet-S-50 tree at' in proc.stdout and 'complete' in proc.stdout
    linked = out / 'ImageNetS50' / 'train' / WNIDS[3] / f'{WNIDS[3]}_1.JPEG'
    assert linked.is_symlink()
    init_default_scope('mmseg')
    for split in ('validation', 'train-semi'):
        dataset = DATASETS.build(dict(
            type='ImageNetSDataset', data_root=str(out), subset=50,
            split=split,
            pipeline=[dict(type='LoadAnyImageFromFile'),
                      dict(type='LoadImageNetSAnnotations'),
                      dict(type='PackSegInputs')]))
        assert len(dataset) == 50
        sample = dataset[7]['data_samples']
        wnid = sample.img_path.split('/')[-2]
        assert int(sample.gt_sem_seg.data.max()) == (
            dataset.metainfo['classes'].index(wnid))
    # a second run places nothing new and stays complete
    again = run(imagenet, names, out, '--subset', 50)
    assert again.returncode == 0 and '0 placed' in again.stdout


def test_names_what_is_missing(tmp_path):
    imagenet, names, lists = _fake_imagenet_and_lists(tmp_path)
    (imagenet / 'val' / 'ILSVRC2012_val_00000004.JPEG').unlink()
    (names / 'ImageNetS_im50_test.txt').unlink()
    out = tmp_path / 'ImageNetS'
    proc = run(imagenet, names, out, '--subset', 50, '--copy')
    assert proc.returncode == 1
    assert 'NOT ready' in proc.stdout
    assert 'ILSVRC2012_val_00000004.JPEG' in proc.stdout
    assert 'no name list for test' in proc.stdout
    assert 'have no mask' in proc.stdout  # the archive was not unpacked
    copied = out / 'ImageNetS50' / 'train' / WNIDS[0] / f'{WNIDS[0]}_1.JPEG'
    assert copied.is_file() and not copied.is_symlink()
