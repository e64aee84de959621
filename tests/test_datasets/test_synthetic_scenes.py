import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans

import mmusseg  # noqa: F401
from mmusseg.datasets.scene_generator import CLASSES, generate_scene

SMALL = dict(num_train=12, num_val=4, img_size=(48, 48))


def build(root, **kw):
    init_default_scope('mmseg')
    return DATASETS.build(dict(type='SyntheticScenesDataset',
                               data_root=str(root), **{**SMALL, **kw}))


def test_generation_is_deterministic_and_independent_of_num_val():
    a = generate_scene(np.random.default_rng([0, 0, 3]), (48, 48))
    b = generate_scene(np.random.default_rng([0, 0, 3]), (48, 48))
    c = generate_scene(np.random.default_rng([1, 0, 3]), (48, 48))
    assert all((x == y).all() for x, y in zip(a, b))
    assert not (a[0] == c[0]).all()


def test_cache_is_reused_and_incomplete_cache_regenerated(tmp_path,
                                                          monkeypatch):
    ds = build(tmp_path)
    first = open(ds[0]['img_path'], 'rb').read()
    other = build(tmp_path, num_val=7)  # different cache, same train images
    assert open(other[0]['img_path'], 'rb').read() == first
    import mmusseg.datasets.synthetic_scenes as module

    def fail(*args):
        raise AssertionError('regenerated a complete cache')

    monkeypatch.setattr(module, 'generate_scene', fail)
    assert len(build(tmp_path)) == 12
    monkeypatch.undo()
    (tmp_path / build(tmp_path).cache_key / 'meta.json').unlink()
    assert len(build(tmp_path)) == 12  # regenerated without error
    with pytest.raises(ValueError, match='img_size'):
        build(tmp_path, img_size=(16, 16))
    with pytest.raises(ValueError, match='split'):
        build(tmp_path, split='test')


def _hungarian_acc(pred, gt, k):
    conf = np.zeros((k, k))
    np.add.at(conf, (gt, pred), 1)
    rows, cols = linear_sum_assignment(conf, maximize=True)
    return conf[rows, cols].sum() / conf.sum()


def test_colour_does_not_identify_the_class():
    rng = np.random.default_rng(0)
    images, labels = zip(*(generate_scene(np.random.default_rng([0, 0, i]),
                                          (64, 64)) for i in range(30)))
    images, labels = np.stack(images), np.stack(labels)
    every = np.bincount(labels.ravel(), minlength=len(CLASSES))
    assert (every > 0).all()
    pick = rng.choice(labels.size, 20000, replace=False)
    rgb = images.reshape(-1, 3)[pick].astype(float)
    gt = labels.ravel()[pick]
    pred = KMeans(len(CLASSES), n_init=3, random_state=0).fit_predict(rgb)
    rgb_acc = _hungarian_acc(pred, gt, len(CLASSES))
    # a crude texture feature: local mean |gradient| in x and y (9x9 box)
    import cv2
    gray = images.mean(-1).astype(np.float32)
    feats = []
    for g in gray:
        gx = np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0))
        gy = np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1))
        gd = np.abs(g - cv2.blur(g, (3, 3)))
        feats.append(np.stack([cv2.blur(x, (9, 9)) for x in (gx, gy, gd)], -1))
    tex = np.stack(feats).reshape(-1, 3)[pick]
    tex = (tex - tex.mean(0)) / tex.std(0)
    pred_t = KMeans(len(CLASSES), n_init=3, random_state=0).fit_predict(tex)
    tex_acc = _hungarian_acc(pred_t, gt, len(CLASSES))
    assert rgb_acc < 0.35, rgb_acc
    assert tex_acc > rgb_acc + 0.05, (tex_acc, rgb_acc)


def test_hue_spread_makes_colour_informative_but_ambiguous(tmp_path):
    rng = np.random.default_rng(0)
    accs = {}
    for spread in (None, 0.12):
        images, labels = zip(*(generate_scene(
            np.random.default_rng([0, 0, i]), (64, 64), spread)
                               for i in range(30)))
        images, labels = np.stack(images), np.stack(labels)
        pick = rng.choice(labels.size, 20000, replace=False)
        pred = KMeans(len(CLASSES), n_init=3, random_state=0).fit_predict(
            images.reshape(-1, 3)[pick].astype(float))
        accs[spread] = _hungarian_acc(pred, labels.ravel()[pick],
                                      len(CLASSES))
    assert accs[None] < 0.35 and 0.4 < accs[0.12] < 0.7, accs
    ds = build(tmp_path, hue_spread=0.12)
    assert ds.cache_key.endswith('_hue0.12')
    assert ds.cache_key != build(tmp_path).cache_key
    with pytest.raises(ValueError, match='hue_spread'):
        build(tmp_path, hue_spread=0)
