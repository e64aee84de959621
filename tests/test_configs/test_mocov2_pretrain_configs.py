"""The MoCo v2 pretraining configs (PGG's ISS stage) train through
tools/train.py, and what they write is what PGG loads."""
import copy
import re

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmseg.registry import MODELS

from helpers.runs import REPO_ROOT, dump_config, run_tool
from mmusseg.testing.fake_trees import make_fake_coco_stuff
from mmusseg.testing.iss_checkpoint import official_mocov2_checkpoint


def _shrink(cfg, work_dir, **dataset):
    cfg.work_dir = str(work_dir)
    cfg.train_dataloader.update(batch_size=4, num_workers=0,
                                persistent_workers=False)
    cfg.train_dataloader.dataset.update(dataset)
    cfg.model.queue_len = 8
    cfg.train_cfg.max_epochs = 1
    cfg.param_scheduler[0].T_max = 1
    return cfg


def test_synthetic_pretraining_feeds_pgg(tmp_path):
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/pgg/mocov2_r18_synthetic-pretrain.py'))
    _shrink(cfg, tmp_path / 'work', data_root=str(tmp_path / 'data'),
            num_train=8, num_val=2, img_size=(64, 64))
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'moco.py'))])
    assert re.search(r'Epoch\(train\) \[1\]\[2/2\].*loss: [\d.]+', out)
    checkpoint = tmp_path / 'work' / 'epoch_1.pth'
    # the ISS encoder of the synthetic PGG config loads it (all keys)
    pgg = Config.fromfile(
        str(REPO_ROOT / 'configs/pgg/pgg_r18_fpn_synthetic.py'))
    encoder_cfg = pgg.custom_hooks[0].encoder
    encoder_cfg.checkpoint = str(checkpoint)
    init_default_scope('mmseg')
    encoder = MODELS.build(encoder_cfg)
    encoder.init_weights()
    state = torch.load(checkpoint, weights_only=False)['state_dict']
    torch.testing.assert_close(encoder.neck.mlp[2].weight,
                               state['neck.mlp.2.weight'])
    torch.testing.assert_close(encoder.backbone.conv1.weight,
                               state['backbone.conv1.weight'])


def test_coco_pretraining_starts_from_converted_release(tmp_path):
    checkpoint, _ = official_mocov2_checkpoint()
    torch.save(checkpoint, tmp_path / 'moco.pth.tar')
    run_tool(['tools/model_converters/iss2mmpretrain.py',
              str(tmp_path / 'moco.pth.tar'), str(tmp_path / 'mmpt.pth')])
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/pgg/mocov2_r50_coco27-pretrain.py'))
    root = make_fake_coco_stuff(tmp_path / 'coco', num_train=5,
                                size=(96, 128))
    _shrink(cfg, tmp_path / 'work', data_root=str(root))
    cfg.load_from = str(tmp_path / 'mmpt.pth')
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'moco.py'))])
    assert re.search(r'Epoch\(train\) \[1\]\[1/1\].*loss: [\d.]+', out)
    # both encoders came from the release: only the queue is missing
    missing = re.search(r'missing keys in source state_dict: (.*)', out)
    assert missing is not None
    assert set(missing.group(1).split(', ')) == {
        'queue', 'queue_ptr', 'encoder_k.steps'}


@pytest.mark.parametrize('config', [
    'configs/pgg/mocov2_r18_synthetic-pretrain.py',
    'configs/pgg/mocov2_r50_coco27-pretrain.py',
])
def test_every_epoch_draws_new_views(tmp_path, config):
    """The configs' loaders (workers and seeding as in training) give the
    same images new crops and jitter every epoch. mmengine reseeds each
    new worker from (seed, worker id): workers restarted every epoch
    (``persistent_workers=False``) would replay the first epoch's views."""
    cfg = Config.fromfile(str(REPO_ROOT / config))
    loader_cfg = copy.deepcopy(cfg.train_dataloader)
    if 'synthetic' in config:
        loader_cfg.dataset.update(data_root=str(tmp_path / 'data'),
                                  num_train=4, num_val=2, img_size=(64, 64))
    else:
        loader_cfg.dataset.data_root = str(
            make_fake_coco_stuff(tmp_path / 'coco', num_train=4,
                                 size=(96, 128)))
    # the same images in the same order every epoch, two per worker
    loader_cfg.update(batch_size=2,
                      sampler=dict(type='DefaultSampler', shuffle=False))
    init_default_scope(cfg.default_scope)
    loader = Runner.build_dataloader(loader_cfg, seed=0)
    assert loader.num_workers > 0

    def epoch_views():  # default_collate: one (B, C, H, W) per view
        return torch.cat([
            view.flatten(1).float() for batch in loader
            for view in batch['inputs']
        ])

    first, second = epoch_views(), epoch_views()
    assert first.shape == second.shape
    assert not torch.equal(first, second)
