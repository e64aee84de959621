"""ImageNetSMetric reproduces the official ImageNet-S evaluator
(LUSSeg/ImageNet-S ``evaluation/``, b2312ba) on a generated validation
set, with its own matching, within 1e-4; fixtures in
``tests/fixtures/imagenet_s/``."""
import json
import math
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from imagenet_s_fake import (NUM_CLASSES, fake_validation_set,
                             random_presence_sets)

from mmusseg.evaluation.metrics import ImageNetSMetric
from mmusseg.evaluation.metrics.imagenet_s_metric import size_share

FIXTURES = Path(__file__).parents[1] / 'fixtures' / 'imagenet_s'


def _official(name):
    return json.loads((FIXTURES / name).read_text())


def _samples(images):
    return [dict(pred_sem_seg=dict(data=torch.from_numpy(p)[None]),
                 gt_sem_seg=dict(data=torch.from_numpy(g)[None]),
                 img_path=f'/x/n{i:08d}/img_{i}.JPEG')
            for i, (p, g) in enumerate(images)]


def _evaluate(metric, images):
    metric.process({}, _samples(images))
    return metric.compute_metrics(metric.results)


@pytest.fixture(scope='module')
def official_set():
    fixture = _official('official_evaluator.json')
    return fixture, fake_validation_set(fixture['seed'])


def test_every_figure_matches_the_official_evaluator(official_set, tmp_path):
    """mIoU, S/MS/ML/L, boundary IoU and its buckets, F-measure and Acc,
    with the matching found by the metric itself."""
    fixture, images = official_set
    ours = _evaluate(ImageNetSMetric(
        NUM_CLASSES, save_matching=str(tmp_path / 'match.json')), images)
    saved = json.loads((tmp_path / 'match.json').read_text())
    assert saved == fixture['matching']
    names = dict(mIoU='mIoU', mBIoU='BoundaryIoU')
    for key, value in fixture['scores'].items():
        assert not math.isnan(value), key  # every bucket is populated
        assert ours[names.get(key, key)] == pytest.approx(value,
                                                          abs=1e-4), key


def test_tied_optima_resolve_as_the_official_munkres(official_set):
    """The fake set's matching has tied optima; scipy resolves them
    another way, and the score moves."""
    fixture, images = official_set
    scipy = _evaluate(ImageNetSMetric(NUM_CLASSES, matching_solver='scipy'),
                      images)
    assert abs(scipy['mIoU'] - fixture['scores']['mIoU']) > 1
    ties = _official('official_matching_ties.json')
    assert ties['munkres'] == '1.1.4'
    metric = ImageNetSMetric(6)
    differ_from_scipy = 0
    for trial, expected in zip(random_presence_sets(0), ties['matchings']):
        results = [dict(gt_present=g, pred_present=p) for g, p in trial]
        ours = metric.find_matching(results)
        assert ours.pop(0) == 0  # match.py adds the background
        assert {str(k): v for k, v in ours.items()} == expected
        metric.matching_solver = 'scipy'
        scipy_matching = metric.find_matching(results)
        scipy_matching.pop(0)
        differ_from_scipy += scipy_matching != ours
        metric.matching_solver = 'munkres'
    # the fixture does pin the tie-breaking: other solvers disagree
    assert differ_from_scipy > 0
    assert ties['trials_that_differ_under_munkres_3_0_0']


def test_ignored_pixels_leave_sizes_and_presence():
    """A class of 18 of 400 pixels is in S (4.5%) on the whole image but
    in MS (5.6%) once the 80 ignored pixels are removed; a segment lying
    only on ignored pixels is absent."""
    gt = np.zeros((20, 20), dtype=np.int64)
    gt[2:5, 2:8] = 1
    gt[16:] = 1000
    pred = np.where(gt == 1000, 2, gt)
    summary = ImageNetSMetric(2).reduce(pred, gt)
    assert summary['sizes'] == {1: 6}
    assert summary['pred_present'] == [1]
    assert size_share(18, 320) == 6 and size_share(5, 100) == 5


def test_boundary_iou_averages_over_all_classes():
    """One image, perfect prediction, classes 0 and 1 of 3 present: the
    official mBIoU counts the absent class 2 as 0."""
    gt = np.zeros((12, 12), dtype=np.int64)
    gt[3:9, 3:9] = 1
    scores = _evaluate(ImageNetSMetric(2), [(gt.copy(), gt)])
    assert scores['mIoU'] == pytest.approx(200 / 3)
    assert scores['BoundaryIoU'] == pytest.approx(200 / 3)
    assert scores['BMS'] == pytest.approx(100)  # 36 of 144 px: 25%


def test_saved_matching_is_reused_on_another_split(official_set, tmp_path):
    fixture, val = official_set
    test = fake_validation_set(fixture['seed'] + 1)[:6]
    path = tmp_path / 'm.json'
    path.write_text(json.dumps(fixture['matching']))
    matching = {int(k): v for k, v in fixture['matching'].items()}
    assert _evaluate(ImageNetSMetric(NUM_CLASSES, matching_file=str(path)),
                     test) != _evaluate(ImageNetSMetric(NUM_CLASSES), test)
    # submission PNGs: matched ids as (id % 256, id // 256, 0) RGB
    _evaluate(ImageNetSMetric(NUM_CLASSES, matching_file=str(path),
                              output_dir=str(tmp_path / 'sub')), test)
    for i, (pred, _) in enumerate(test):
        png = cv2.imread(str(tmp_path / 'sub' / f'n{i:08d}' / f'img_{i}.png'))
        ids = png[..., 2].astype(np.int64) + 256 * png[..., 1].astype(
            np.int64)
        np.testing.assert_array_equal(ids, np.vectorize(matching.get)(pred))


def test_bad_inputs_are_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match='save_matching'):
        ImageNetSMetric(NUM_CLASSES, matching_file=str(tmp_path / 'x.json'))
    with pytest.raises(ValueError, match='matching_solver'):
        ImageNetSMetric(NUM_CLASSES, matching_solver='lap')
    metric = ImageNetSMetric(NUM_CLASSES)
    pred = torch.zeros(1, 4, 4, dtype=torch.long)
    with pytest.raises(ValueError, match='original resolution'):
        metric.process({}, [dict(pred_sem_seg=dict(data=pred),
                                 gt_sem_seg=dict(data=pred[..., :3]))])
    with pytest.raises(ValueError, match='exceeds num_classes'):
        metric.process({}, [dict(pred_sem_seg=dict(data=pred),
                                 gt_sem_seg=dict(data=pred + 9))])
