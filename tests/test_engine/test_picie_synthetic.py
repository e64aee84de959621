"""PiCIE through tools/train.py on the synthetic scenes: one process, two
processes (torchrun, CPU), a run killed and resumed, and supervised
fine-tuning from its checkpoint."""
import re
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from helpers.runs import (REPO_ROOT, dump_config, kill_after_checkpoint,
                          run_tool, shrink_config)

SMALL = dict(num_train=16, num_val=8, img_size=(64, 64))
HEADS = ('cluster_head', 'cluster_head2')


def small_config(tmp_path: Path, name: str, data: Path) -> Path:
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/picie/picie_r18_fpn_synthetic.py'))
    shrink_config(cfg, str(tmp_path / name), data_root=str(data),
                  batch_size=8, dataset_overrides=SMALL)
    cfg.train_cfg.update(max_epochs=3, val_interval=3)
    for hook in cfg.custom_hooks:
        hook.update(num_init_images=8, images_per_update=8)
    return dump_config(cfg, tmp_path / f'{name}.py')


def state(path: Path) -> dict:
    return torch.load(path, map_location='cpu',
                      weights_only=False)['state_dict']


def fit_lines(out: str):
    return re.findall(r'centroids of (\[.*?\]) identical on (\d) rank', out)


@pytest.fixture(scope='module')
def picie_run(tmp_path_factory):
    """One uninterrupted single-process run shared by the tests."""
    tmp_path = tmp_path_factory.mktemp('picie')
    config = small_config(tmp_path, 'single', tmp_path / 'data')
    out = run_tool(['tools/train.py', str(config)])
    return tmp_path, config, out


def test_picie_trains_and_saves_both_view_centroids(picie_run):
    tmp_path, _, out = picie_run
    # 3 epochs on the two views, then the final k-means on plain images
    assert fit_lines(out) == [(str(list(HEADS)), '1')] * 3 + [
        ("['cluster_head']", '1')]
    assert re.search(r'loss_within: [\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)
    last = state(tmp_path / 'single' / 'epoch_3.pth')
    assert int(last['epoch']) == 2  # views of the last trained epoch
    for head in HEADS:
        assert bool(last[f'{head}.fitted'])
    assert not any(k.startswith('_snapshot') for k in last)
    # the encoder trained between the epochs
    first = state(tmp_path / 'single' / 'epoch_1.pth')
    assert not torch.equal(first['neck.laterals.0.conv.weight'],
                           last['neck.laterals.0.conv.weight'])


def test_test_tool_reproduces_the_final_validation(picie_run, tmp_path):
    root, config, out = picie_run
    val = re.findall(r'Epoch\(val\).*?(mIoU: [\d.]+\s+aAcc: [\d.]+)', out)
    test = run_tool(['tools/test.py', str(config),
                     str(root / 'single' / 'epoch_3.pth'), '--work-dir',
                     str(tmp_path / 'test')])
    got = re.findall(r'Epoch\(test\).*?(mIoU: [\d.]+\s+aAcc: [\d.]+)', test)
    assert val and got and got[-1] == val[-1]


def test_killed_run_resumes_with_the_same_centroids_and_views(
        picie_run, tmp_path):
    root, config, _ = picie_run
    work = tmp_path / 'killed'  # same config, another work dir
    args = ['tools/train.py', str(config), '--work-dir', str(work)]
    kill_after_checkpoint(args, 'epoch_1.pth')
    assert not (work / 'epoch_3.pth').exists()
    out = run_tool(args + ['--resume'])
    assert 'resumed epoch: 1' in out
    for epoch in (2, 3):
        ref = state(root / 'single' / f'epoch_{epoch}.pth')
        got = state(work / f'epoch_{epoch}.pth')
        assert int(got['epoch']) == int(ref['epoch']) == epoch - 1
        for head in HEADS:
            torch.testing.assert_close(got[f'{head}.centroids'],
                                       ref[f'{head}.centroids'],
                                       rtol=0, atol=1e-6)
        # the same views were trained on: the weights match too
        torch.testing.assert_close(got['neck.laterals.0.conv.weight'],
                                   ref['neck.laterals.0.conv.weight'],
                                   rtol=0, atol=1e-5)


def test_two_process_cpu_run_has_identical_centroids_on_both_ranks(
        picie_run, tmp_path):
    data = picie_run[0] / 'data'  # reuse the generated scenes
    config = small_config(tmp_path, 'dist', data)
    out = run_tool(['tools/train.py', str(config)], nproc=2)
    assert 'Distributed training is not used' not in out
    assert fit_lines(out) == [(str(list(HEADS)), '2')] * 3 + [
        ("['cluster_head']", '2')]
    assert re.search(r'mIoU: [\d.]+', out)


def test_finetune_loads_the_picie_encoder(picie_run, tmp_path):
    root, _, _ = picie_run
    encoder = tmp_path / 'encoder.pth'
    out = run_tool(['tools/model_converters/extract_encoder.py',
                    str(root / 'single' / 'epoch_3.pth'), str(encoder)])
    assert 'backbone' in out and 'neck' in out
    cfg = Config.fromfile(str(
        REPO_ROOT / 'configs/finetune/fcn_r18-picie_lateral-fpn_synthetic.py'))
    shrink_config(cfg, str(tmp_path / 'ft'),
                  data_root=str(root / 'data'), batch_size=8,
                  dataset_overrides=SMALL)
    for module in ('backbone', 'neck'):
        cfg.model[module].init_cfg.checkpoint = str(encoder)
    cfg.train_cfg.update(max_iters=4, val_interval=4)
    cfg.param_scheduler[0].end = 4
    cfg.default_hooks.checkpoint.interval = 4

    # The initialised model holds exactly the PiCIE weights.
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    model.init_weights()
    picie = state(root / 'single' / 'epoch_3.pth')
    loaded = model.state_dict()
    encoder_keys = [k for k in picie if k.startswith(('backbone.', 'neck.'))]
    assert encoder_keys
    for key in encoder_keys:
        torch.testing.assert_close(loaded[key], picie[key], rtol=0, atol=0)

    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'ft.py'))])
    assert re.search(r'mIoU: [\d.]+', out)
    tuned = state(tmp_path / 'ft' / 'iter_4.pth')
    assert 'decode_head.conv_seg.weight' in tuned
    assert not torch.equal(tuned['backbone.conv1.weight'],
                           picie['backbone.conv1.weight'])
