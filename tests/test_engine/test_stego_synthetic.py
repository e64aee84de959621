"""STEGO through tools/train.py on the synthetic scenes, KNN cache reused."""
import json
import re

import torch
from mmengine.config import Config

from helpers.runs import REPO_ROOT, dump_config, run_tool, shrink_config

SMALL = dict(num_train=24, num_val=8, img_size=(64, 64))


def test_stego_trains_evaluates_and_reuses_its_knn_table(tmp_path):
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/stego/stego_vit-tiny_synthetic.py'))
    shrink_config(cfg, str(tmp_path / 'work'), data_root=str(tmp_path / 'd'),
                  batch_size=4, dataset_overrides=SMALL)
    cfg.custom_hooks[0].update(cache_dir=str(tmp_path / 'knn'), k=8)
    cfg.train_cfg.update(max_iters=6, val_interval=6)
    cfg.default_hooks.checkpoint.interval = 6
    config = dump_config(cfg, tmp_path / 'stego.py')
    out = run_tool(['tools/train.py', str(config)])
    assert 'KNNHook: features of 24 images for a top-8 table' in out
    for term in ('loss_self', 'loss_knn', 'loss_rand', 'loss_cluster_probe',
                 'loss_linear_probe'):
        assert re.search(rf'{term}: -?[\d.]+', out), term
    assert re.search(r'mIoU: [\d.]+', out)
    assert re.search(r'linear_probe/mIoU: [\d.]+', out)
    table = torch.load(next((tmp_path / 'knn').glob('knn_*.pth')))['knn']
    assert table.shape == (24, 8)
    assert (table[:, 0] == torch.arange(24)).all()  # self first
    state = torch.load(tmp_path / 'work' / 'iter_6.pth', map_location='cpu',
                       weights_only=False)['state_dict']
    assert 'cluster_probe.centroids' in state
    again = run_tool(['tools/train.py', str(config), '--work-dir',
                      str(tmp_path / 'again')])
    assert 'KNNHook: loaded the KNN table' in again
    assert 'features of 24 images' not in again
    test = run_tool(['tools/test.py', str(config),
                     str(tmp_path / 'work' / 'iter_6.pth'), '--work-dir',
                     str(tmp_path / 'test'), '--out', str(tmp_path / 'out')])
    # the unsupervised and the supervised (linear probe) scores
    assert re.search(r'\(test\).*mIoU: [\d.]+.*linear_probe/mIoU',
                     test)
    # --out reaches both metrics of the list evaluator: the matching of
    # HungarianIoUMetric and one linear-probe label PNG per val image
    matching = json.loads((tmp_path / 'out' /
                           'hungarian_matching.json').read_text())
    assert len(matching['cluster_to_class']) == 6  # K = 6 clusters
    assert len(list((tmp_path / 'out').glob('*.png'))) == SMALL['num_val']


def test_knn_table_is_the_same_in_one_and_two_processes(tmp_path):
    tables = []
    for nproc in (1, 2):
        cfg = Config.fromfile(
            str(REPO_ROOT / 'configs/stego/stego_vit-tiny_synthetic.py'))
        shrink_config(cfg, str(tmp_path / f'work{nproc}'),
                      data_root=str(tmp_path / 'd'), batch_size=4,
                      dataset_overrides=SMALL)
        cfg.custom_hooks[0].update(cache_dir=str(tmp_path / f'knn{nproc}'),
                                   k=8)
        # STEGO's Dropout2d on the KNN features draws its masks per process;
        # the distributed table build itself must not change the table
        cfg.model.knn_feature_dropout = 0.0
        cfg.train_cfg.update(max_iters=1, val_interval=100)
        config = dump_config(cfg, tmp_path / f'stego{nproc}.py')
        out = run_tool(['tools/train.py', str(config)], nproc=nproc)
        assert 'KNNHook: features of 24 images' in out
        tables.append(torch.load(next(
            (tmp_path / f'knn{nproc}').glob('knn_*.pth')))['knn'])
    assert torch.equal(tables[0], tables[1])
