"""The whole PASS chain from one command, on a tiny ImageNet-S-50 tree,
and its resumption after a kill."""
import json

import numpy as np
import pytest

from helpers.runs import kill_after_checkpoint, run_tool
from mmusseg.datasets.transforms import LoadImageNetSAnnotations
from mmusseg.testing.fake_trees import make_fake_imagenet_s

CONFIG = 'configs/pass/pass_r18_tiny-imagenets50.py'
STAGES = ('pretrain', 'pixel_attention', 'cluster', 'pseudo_label',
          'finetune', 'evaluate')


@pytest.fixture(scope='module')
def tree(tmp_path_factory):
    return make_fake_imagenet_s(
        tmp_path_factory.mktemp('imagenet_s'), subset=50, per_class=2,
        sizes=((72, 96), (80, 80)))


def _run(tree, work_dir, *extra):
    return run_tool([
        'tools/pass_pipeline.py', CONFIG, '--work-dir',
        str(work_dir), '--cfg-options', f'data_root={tree}', *extra
    ])


def test_chain_runs_end_to_end_then_skips(tree, tmp_path):
    work_dir = tmp_path / 'pass'
    log = _run(tree, work_dir)
    for stage in STAGES:
        assert (work_dir / stage / 'stage_done.json').is_file(), stage
    # pseudo-labels: one mask per train image at its size, ids in [0, 50]
    masks = sorted((work_dir / 'pseudo_label' / 'labels').rglob('*.png'))
    assert len(masks) == 100
    loader = LoadImageNetSAnnotations(num_classes=50)
    ids = loader(dict(seg_map_path=str(masks[0]), seg_fields=[]))
    assert ids['gt_seg_map'].shape in ((72, 96), (80, 80))
    assert 0 <= ids['gt_seg_map'].min() and ids['gt_seg_map'].max() <= 50
    assert json.loads((work_dir / 'pseudo_label' / 'threshold.json'
                       ).read_text())['method'] == 'otsu'
    assert np.load(work_dir / 'cluster' / 'centroids.npy').shape == (50,
                                                                      512)
    # an ImageNet-S report on validation, with the matching saved
    metrics = json.loads((work_dir / 'evaluate' / 'metrics.json'
                          ).read_text())
    assert {'mIoU', 'S', 'MS', 'ML', 'L', 'BoundaryIoU', 'BS', 'BMS', 'BML',
            'BL', 'FMeasure', 'Acc'} <= set(metrics)
    assert 0 <= metrics['mIoU'] <= 100
    assert (work_dir / 'evaluate' / 'matching.json').is_file()
    assert 'final metrics' in log

    # a second run redoes nothing
    again = _run(tree, work_dir)
    assert again.count('done, skipped') == len(STAGES)
    assert 'Epoch(train)' not in again

    # a pseudo-label stage killed half-way keeps what it wrote
    (work_dir / 'pseudo_label' / 'stage_done.json').unlink()
    for mask in masks[:3]:
        mask.unlink()
    log = _run(tree, work_dir, '--until', 'pseudo_label')
    assert 'Wrote 3 masks on this rank (kept the 97 already there)' in log


def test_killed_chain_resumes_in_the_stage_it_was_in(tree, tmp_path):
    work_dir = tmp_path / 'pass'
    kill_after_checkpoint(
        ['tools/pass_pipeline.py', CONFIG, '--work-dir',
         str(work_dir), '--cfg-options', f'data_root={tree}'],
        'epoch_1.pth', run_dir=str(work_dir / 'pixel_attention'))
    pretrain = work_dir / 'pretrain' / 'epoch_2.pth'
    stamp = pretrain.stat().st_mtime_ns
    assert not (work_dir / 'pixel_attention' / 'stage_done.json').exists()
    # the stages after it run as in the end-to-end test above
    log = _run(tree, work_dir, '--until', 'pixel_attention')
    assert 'stage pretrain: done, skipped' in log
    assert 'Auto resumed from the latest checkpoint' in log
    assert 'resumed epoch: 1' in log
    assert pretrain.stat().st_mtime_ns == stamp
    assert (work_dir / 'pixel_attention' / 'stage_done.json').is_file()
    assert not (work_dir / 'cluster').exists()


def test_the_pipeline_seed_reaches_every_stage(tree, tmp_path):
    from mmengine.config import Config

    from helpers.runs import REPO_ROOT, load_tool_module
    pipeline_tool = load_tool_module(REPO_ROOT / 'tools' / 'pass_pipeline.py')
    pipeline = Config.fromfile(str(REPO_ROOT / CONFIG))
    stage = pipeline.stages[0]
    assert pipeline_tool.stage_config(pipeline, stage, str(tmp_path), {},
                                      'none').randomness.seed == 10010
    pipeline.seed = 3
    for stage in pipeline.stages[:3]:
        cfg = pipeline_tool.stage_config(
            pipeline, stage, str(tmp_path / stage['name']),
            dict(pretrain='a.pth', pixel_attention='b.pth'), 'none')
        assert cfg.randomness.seed == 3
        # the k-means initialisation of the clustering stage too
        assert cfg.train_cfg.get('seed') == (3 if stage['name'] == 'cluster'
                                             else None)
