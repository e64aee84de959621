"""PiCIE trains through tools/train.py on the synthetic scenes."""
import re

import torch
from mmengine.config import Config

from mmusseg.testing.runs import REPO_ROOT, dump_config, run_tool, shrink_config


def test_picie_trains_and_saves_both_view_centroids(tmp_path):
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/picie/picie_r18_fpn_synthetic.py'))
    shrink_config(cfg, str(tmp_path / 'work'),
                  data_root=str(tmp_path / 'data'), batch_size=8,
                  dataset_overrides=dict(num_train=16, num_val=8,
                                         img_size=(64, 64)))
    cfg.train_cfg.max_epochs = 2
    cfg.train_cfg.val_interval = 2
    cfg.custom_hooks[0].num_init_batches = 1
    out = run_tool(['tools/train.py',
                    str(dump_config(cfg, tmp_path / 'picie.py'))])
    assert out.count('ClusteringHook: fitting 2 head(s)') == 3  # 2 + eval
    assert re.search(r'loss_within: [\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)
    state = torch.load(tmp_path / 'work' / 'epoch_2.pth', map_location='cpu',
                       weights_only=False)['state_dict']
    assert int(state['epoch']) == 1  # views of the last trained epoch
    for head in ('cluster_head', 'cluster_head2'):
        assert bool(state[f'{head}.fitted'])
    assert not any(k.startswith('_snapshot') for k in state)
