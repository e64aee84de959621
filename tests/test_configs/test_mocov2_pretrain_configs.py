"""The MoCo v2 pretraining configs (PGG's ISS stage) train through
tools/train.py, and what they write is what PGG loads."""
import re

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
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
