"""prepare_imagenet_s.py builds the ImageNet-S layout from an ImageNet
copy and list files in the release's formats (``data/categories``,
``data/mapping``, ``data/names`` of LUSSeg/ImageNet-S), and names what is
missing."""
import sys
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmusseg  # noqa: F401
from helpers.runs import REPO_ROOT, load_tool_module

WNIDS = [f'n{1000000 + 7 * i:08d}' for i in range(50)]


def _image(path, value=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.full((8, 10, 3), value, np.uint8))


def _write(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('\n'.join(lines) + '\n')


def _fake_imagenet_and_release(root, flat_val=False):
    """50 classes with 2 training images each and one val image each; the
    val images are renamed in the split (as the release's mappings do)."""
    imagenet, release = root / 'imagenet', root / 'release'
    semi, val, test = [], [], []
    for i, wnid in enumerate(WNIDS):
        for n in (1, 2):
            _image(imagenet / 'train' / wnid / f'{wnid}_{n}.JPEG')
        for j, rows in ((i, val), (100 + i, test)):
            name = f'ILSVRC2012_val_{j:08d}.JPEG'
            _image(imagenet / 'val' / ('' if flat_val else wnid) / name)
            rows.append(f'{wnid}/{name} {wnid}/{name}')
        semi.append(f'{wnid}/{wnid}_2.JPEG {wnid}/{wnid}_2.png')
    _image(imagenet / 'train' / 'n09999999' / 'n09999999_1.JPEG')  # not S50
    _write(release / 'categories' / 'ImageNetS_categories_im50.txt', WNIDS)
    _write(release / 'mapping' / 'ImageNetS_im50_mapping_validation.txt',
           val)
    _write(release / 'mapping' / 'ImageNetS_im50_mapping_test.txt', test)
    _write(release / 'names' / 'ImageNetSemi_im50_train.txt', semi)
    return imagenet, release


def _masks(out):
    """What unpacking the annotation archive adds."""
    base = out / 'ImageNetS50'
    for split in ('validation', 'train-semi'):
        for image in (base / split).rglob('*.JPEG'):
            wnid = image.parent.name
            mask = np.zeros((8, 10, 3), np.uint8)
            mask[..., 2] = sorted(WNIDS).index(wnid) + 1  # R (OpenCV: BGR)
            path = (base / f'{split}-segmentation' / wnid /
                    image.name.replace('.JPEG', '.png'))
            path.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(path), mask)


@pytest.fixture
def run(monkeypatch, capsys):
    """Run the tool's ``main`` in-process: its exit status and output."""
    tools = REPO_ROOT / 'tools' / 'dataset_converters'
    monkeypatch.syspath_prepend(str(tools))
    tool = load_tool_module(tools / 'prepare_imagenet_s.py')

    def call(*args):
        monkeypatch.setattr(sys, 'argv', ['prepare_imagenet_s.py',
                                          *map(str, args)])
        returncode = tool.main()
        return SimpleNamespace(returncode=returncode,
                               stdout=capsys.readouterr().out)

    return call


def test_builds_a_tree_the_dataset_loads(tmp_path, run):
    imagenet, release = _fake_imagenet_and_release(tmp_path)
    out = tmp_path / 'ImageNetS'
    first = run(imagenet, release, out, '--subset', 50)
    assert 'train: 100 placed' in first.stdout, first.stdout
    for split in ('validation: 50', 'test: 50', 'train-semi: 50'):
        assert f'{split} placed' in first.stdout, first.stdout
    assert 'have no mask' in first.stdout  # the archive is not unpacked yet
    _masks(out)
    proc = run(imagenet, release, out, '--subset', 50)
    assert proc.returncode == 0, proc.stdout
    assert 'ImageNet-S-50 tree at' in proc.stdout and 'complete' in proc.stdout
    assert '0 placed' in proc.stdout
    base = out / 'ImageNetS50'
    linked = base / 'train' / WNIDS[3] / f'{WNIDS[3]}_1.JPEG'
    assert linked.is_symlink()
    assert not (base / 'train' / 'n09999999').exists()
    assert not (base / 'train-full').exists()
    init_default_scope('mmseg')
    for split, size in (('validation', 50), ('train-semi', 50)):
        dataset = DATASETS.build(dict(
            type='ImageNetSDataset', data_root=str(out), subset=50,
            split=split,
            pipeline=[dict(type='LoadAnyImageFromFile'),
                      dict(type='LoadImageNetSAnnotations'),
                      dict(type='PackSegInputs')]))
        assert len(dataset) == size
        sample = dataset[7]['data_samples']
        wnid = sample.img_path.split('/')[-2]
        assert int(sample.gt_sem_seg.data.max()) == (
            dataset.metainfo['classes'].index(wnid))
    train = DATASETS.build(dict(type='ImageNetSDataset', data_root=str(out),
                                subset=50, split='train', with_labels=False))
    assert len(train) == 100


def test_merges_classes_and_links_train_full_on_s919(tmp_path, run):
    """ImageNet-S-919 files five ImageNet classes under others and links
    all of ImageNet-1k train as train-full."""
    imagenet, release = tmp_path / 'imagenet', tmp_path / 'release'
    for wnid in ('n04355933', 'n04356056', 'n01440764', 'n09999999'):
        _image(imagenet / 'train' / wnid / f'{wnid}_1.JPEG')
    _write(release / 'categories' / 'ImageNetS_categories_im919.txt',
           ['n01440764', 'n04355933'])
    out = tmp_path / 'ImageNetS'
    proc = run(imagenet, release, out, '--subset', 919, '--copy')
    assert proc.returncode == 1  # no validation/test/semi lists
    assert 'no validation list' in proc.stdout
    base = out / 'ImageNetS919'
    assert sorted(p.name for p in (base / 'train' / 'n04355933').iterdir()
                  ) == ['n04355933_1.JPEG', 'n04356056_1.JPEG']
    assert not (base / 'train' / 'n09999999').exists()
    copied = base / 'train' / 'n01440764' / 'n01440764_1.JPEG'
    assert copied.is_file() and not copied.is_symlink()
    assert (base / 'train-full').resolve() == (imagenet / 'train').resolve()


def test_names_what_is_missing(tmp_path, run):
    imagenet, release = _fake_imagenet_and_release(tmp_path, flat_val=True)
    (imagenet / 'val' / 'ILSVRC2012_val_00000004.JPEG').unlink()
    (release / 'mapping' / 'ImageNetS_im50_mapping_test.txt').unlink()
    (imagenet / 'train' / WNIDS[5] / f'{WNIDS[5]}_1.JPEG').unlink()
    (imagenet / 'train' / WNIDS[5] / f'{WNIDS[5]}_2.JPEG').unlink()
    (imagenet / 'train' / WNIDS[5]).rmdir()
    out = tmp_path / 'ImageNetS'
    proc = run(imagenet, release, out, '--subset', 50)
    assert proc.returncode == 1
    assert 'NOT ready' in proc.stdout
    assert 'ILSVRC2012_val_00000004.JPEG' in proc.stdout
    assert 'no test list' in proc.stdout
    assert f'no ImageNet class folder {imagenet}/train/{WNIDS[5]}' in (
        proc.stdout)
    assert 'validation: 49 placed' in proc.stdout  # flat val found by name
