"""The config helpers shared by the tools."""
import argparse

from helpers.runs import REPO_ROOT
from mmusseg.utils import add_cfg_options, add_common_args, read_config

CONFIG = str(REPO_ROOT / 'configs/kmeans/kmeans_r18_synthetic.py')


def test_cfg_options_are_parsed_and_merged():
    parser = argparse.ArgumentParser()
    parser.add_argument('config')
    add_cfg_options(parser)
    args = parser.parse_args(
        [CONFIG, '--cfg-options', 'train_dataloader.batch_size=3',
         'model.cluster_head.num_clusters=9'])
    cfg = read_config(args.config, args.cfg_options)
    assert cfg.train_dataloader.batch_size == 3
    assert cfg.model.cluster_head.num_clusters == 9
    assert read_config(CONFIG).train_dataloader.batch_size != 3


def test_scope_is_set_only_when_asked(monkeypatch):
    scopes = []
    monkeypatch.setattr('mmusseg.utils.launch.init_default_scope',
                        scopes.append)
    read_config(CONFIG)
    assert scopes == []
    read_config(CONFIG, init_scope=True)
    assert scopes == ['mmseg']


def test_common_args_include_cfg_options():
    parser = argparse.ArgumentParser()
    add_common_args(parser)
    args = parser.parse_args(['--cfg-options', 'a=1', '--work-dir', 'w'])
    assert args.cfg_options == {'a': 1} and args.work_dir == 'w'
    assert args.launcher == 'none'
