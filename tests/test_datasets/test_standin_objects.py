"""The stand-in object corpus: deterministic, in the ImageNet-S-50 layout,
with masks on the objects and classes that colour cannot tell apart."""
import cv2
import numpy as np
import pytest

from mmusseg.datasets import (StandinObjectsClassification,
                              StandinObjectsDataset, ensure_standin_objects)
from mmusseg.datasets.object_generator import (CLASSES, SHAPES, TEXTURES,
                                               generate_object_image)
from mmusseg.datasets.standin_objects import standin_wnids

SMALL = dict(seed=3, num_train=2, num_val=1, img_size=(48, 40))


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp('standin')
    return root, ensure_standin_objects(str(root), **SMALL)


def test_classes_are_every_shape_texture_pair():
    assert len(CLASSES) == len(SHAPES) * len(TEXTURES) == 50
    assert len(set(CLASSES)) == 50
    assert list(standin_wnids()) == sorted(standin_wnids())


def test_layout_and_determinism(corpus, tmp_path):
    root, folder = corpus
    s50 = folder / 'ImageNetS50'
    assert sorted(p.name for p in (s50 / 'train').iterdir()) == list(
        standin_wnids())
    assert len(list((s50 / 'train').rglob('*.png'))) == 50 * 2
    assert len(list((s50 / 'validation').rglob('*.png'))) == 50
    assert len(list((s50 / 'validation-segmentation').rglob('*.png'))) == 50
    # every train image has its mask too (ImageNet-S's train images do not)
    assert len(list((s50 / 'train-segmentation').rglob('*.png'))) == 50 * 2
    # a second generation elsewhere writes the same bytes
    again = ensure_standin_objects(str(tmp_path), **SMALL)
    wnids = standin_wnids()
    assert wnids[7] == 'c07-disk-zigzag' and wnids[42] == 'c42-ring-grain'
    for name in (f'train/{wnids[7]}/{wnids[7]}_00001.png',
                 f'validation-segmentation/{wnids[42]}/{wnids[42]}_00000.png'):
        assert (s50 / name).read_bytes() == (again / 'ImageNetS50' /
                                             name).read_bytes()
    # and a cached corpus is not regenerated
    stamp = (folder / 'meta.json').stat().st_mtime_ns
    ensure_standin_objects(str(root), **SMALL)
    assert (folder / 'meta.json').stat().st_mtime_ns == stamp


def test_masks_are_imagenet_s_coded_objects(corpus):
    _, folder = corpus
    s50 = folder / 'ImageNetS50'
    for k in (0, 23, 49):
        wnid = standin_wnids()[k]
        bgr = cv2.imread(
            str(s50 / 'validation-segmentation' / wnid / f'{wnid}_00000.png'))
        ids = bgr[..., 2].astype(int) + 256 * bgr[..., 1].astype(int)
        assert set(np.unique(ids)) == {0, k + 1}
        # the object is a sizeable part of the image, not all of it
        assert 0.05 < (ids > 0).mean() < 0.6
    # the mask is where generate_object_image put the object, in both
    # splits (train images are drawn from split id 0, validation from 1)
    wnid = standin_wnids()[23]
    for split, split_id, i in (('validation', 1, 0), ('train', 0, 1)):
        rng = np.random.default_rng([SMALL['seed'], split_id, 23, i])
        _, mask = generate_object_image(rng, 23, SMALL['img_size'])
        bgr = cv2.imread(str(s50 / f'{split}-segmentation' / wnid /
                             f'{wnid}_{i:05d}.png'))
        np.testing.assert_array_equal(bgr[..., 2] > 0, mask)
        assert set(np.unique(bgr[..., 2])) == {0, 24}


def test_colour_is_not_the_class():
    """Mean colours of 50 classes overlap: the spread of the class means is
    far below the spread of the images."""
    means = np.array([[
        generate_object_image(np.random.default_rng([0, k, i]), k,
                              (32, 32))[0].reshape(-1, 3).mean(0)
        for i in range(6)
    ] for k in range(50)])
    between = means.mean(1).std(0)
    within = means.std(1).mean(0)
    assert (between < 0.6 * within).all(), (between, within)


def test_datasets(corpus):
    root, _ = corpus
    seg = StandinObjectsDataset(data_root=str(root), split='validation',
                                pipeline=[], **SMALL)
    assert len(seg) == 50 and seg.metainfo['classes'][0] == 'background'
    assert seg.metainfo['classes'][1:] == standin_wnids()
    assert seg[0]['seg_map_path'].endswith('.png')
    # the train split is labelled by its own masks, or by others given
    train = StandinObjectsDataset(data_root=str(root), split='train',
                                  pipeline=[], **SMALL)
    assert len(train) == 100
    info = train.get_data_info(57)
    assert info['seg_map_path'] == info['img_path'].replace(
        '/train/', '/train-segmentation/')
    pseudo = StandinObjectsDataset(data_root=str(root), split='train',
                                   seg_dir=str(root / 'pseudo'), pipeline=[],
                                   lazy_init=True, **SMALL)
    assert pseudo.seg_dir == str(root / 'pseudo')
    cls = StandinObjectsClassification(data_root=str(root), split='train',
                                       pipeline=[], **SMALL)
    assert len(cls) == 100
    for i in (0, 57, 99):
        info = cls.get_data_info(i)
        assert standin_wnids()[info['gt_label']] in info['img_path']
    with pytest.raises(ValueError, match='train'):
        StandinObjectsClassification(data_root=str(root), split='test')


def test_bad_parameters(tmp_path):
    with pytest.raises(ValueError, match='32x32'):
        ensure_standin_objects(str(tmp_path), img_size=(16, 64))
    with pytest.raises(ValueError, match='num_train'):
        ensure_standin_objects(str(tmp_path), num_train=0)
    with pytest.raises(ValueError, match='cls'):
        generate_object_image(np.random.default_rng(0), 50, (32, 32))
