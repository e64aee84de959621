"""Every config under configs/ parses and builds its model and datasets."""
from pathlib import Path

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS, HOOKS, LOOPS, METRICS, MODELS, TRANSFORMS

import mmusseg  # noqa: F401
from helpers.runs import REPO_ROOT

ALL_CONFIGS = sorted(
    p for p in (REPO_ROOT / 'configs').rglob('*.py')
    if '_base_' not in p.parts)
# chains of stage configs (tools/pass_pipeline.py), tested on their own
PIPELINES = [p for p in ALL_CONFIGS if 'stages' in Config.fromfile(str(p))]
CONFIGS = [p for p in ALL_CONFIGS if p not in PIPELINES]
BASE_DATASETS = sorted((REPO_ROOT / 'configs/_base_/datasets').glob('*.py'))


def _types(node):
    if isinstance(node, dict):
        if isinstance(node.get('type'), str):
            yield node['type']
        for value in node.values():
            yield from _types(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _types(value)


def _check_dataloaders(cfg):
    """Every dataset and transform type is registered, in mmseg's scope
    or, for the mmpretrain-scope pretraining data, in mmpretrain's."""
    from mmpretrain.registry import DATASETS as PRETRAIN_DATASETS
    from mmpretrain.registry import TRANSFORMS as PRETRAIN_TRANSFORMS
    init_default_scope('mmseg')
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(name)
        if loader is None:
            continue
        for type_name in _types(loader.dataset):
            assert (DATASETS.get(type_name) or TRANSFORMS.get(type_name)
                    or PRETRAIN_DATASETS.get(type_name)
                    or PRETRAIN_TRANSFORMS.get(type_name)
                    or type_name in ('ConcatDataset', )), type_name


def test_there_are_configs():
    assert len(CONFIGS) >= 5


# ISS and stand-in pretraining configs run in mmpretrain's scope
PRETRAIN_CONFIGS = [
    p for p in CONFIGS
    if Config.fromfile(str(p)).default_scope == 'mmpretrain'
]
SEGMENTATION_CONFIGS = [p for p in CONFIGS if p not in PRETRAIN_CONFIGS]


@pytest.mark.parametrize('path', PRETRAIN_CONFIGS, ids=lambda p: p.stem)
def test_pretrain_config_builds(path: Path):
    """ISS and stand-in pretraining configs (mmpretrain scope) build their
    model and name registered mmusseg datasets (mmseg's, or mmusseg's
    mmpretrain ones)."""
    from mmpretrain.registry import DATASETS as PRETRAIN_DATASETS
    from mmpretrain.registry import MODELS as PRETRAIN_MODELS
    cfg = Config.fromfile(str(path))
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.custom_imports == dict(
        imports=['mmusseg'], allow_failed_imports=False)
    init_default_scope('mmpretrain')
    assert PRETRAIN_MODELS.build(cfg.model) is not None
    dataset_type = cfg.train_dataloader.dataset.type
    if dataset_type.startswith('mmseg.'):
        assert DATASETS.get(dataset_type.split('.', 1)[1]) is not None
    else:
        dataset = PRETRAIN_DATASETS.get(dataset_type)
        assert dataset is not None, dataset_type
        assert dataset.__module__.startswith('mmusseg.'), dataset_type


@pytest.mark.parametrize('path', SEGMENTATION_CONFIGS, ids=lambda p: p.stem)
def test_config_builds(path: Path):
    cfg = Config.fromfile(str(path))
    assert cfg.default_scope == 'mmseg'
    assert cfg.custom_imports.imports[0] == 'mmusseg'
    assert not cfg.custom_imports.allow_failed_imports
    init_default_scope('mmseg')
    model_cfg = cfg.model.copy()
    model_cfg.pop('init_cfg', None)
    model_cfg.get('backbone', {}).pop('init_cfg', None)
    model = MODELS.build(model_cfg)
    assert model is not None
    _check_dataloaders(cfg)
    for hook in cfg.get('custom_hooks', []):
        assert HOOKS.get(hook['type']) is not None, hook['type']
    assert LOOPS.get(cfg.train_cfg['type']) is not None
    for evaluator in (cfg.val_evaluator, cfg.test_evaluator):
        if evaluator is None:  # e.g. training on unlabelled images only
            assert cfg.get('val_cfg') is None
            continue
        metrics = evaluator if isinstance(evaluator, list) else [evaluator]
        for metric in metrics:
            assert METRICS.get(metric['type']) is not None, metric['type']


@pytest.mark.parametrize('path', PIPELINES, ids=lambda p: p.stem)
def test_pipeline_stages_exist_and_chain(path: Path):
    """Every stage config of a pipeline exists and takes its inputs from
    earlier stages; stage options name real stages."""
    cfg = Config.fromfile(str(path))
    names = []
    for stage in cfg.stages:
        config = stage['config'].format(setting=cfg.get('setting'))
        assert (path.parent / config).is_file(), config
        assert set(stage.get('inputs', {}).values()) <= set(names), stage
        names.append(stage['name'])
    assert set(cfg.get('stage_options', {})) <= set(names)


@pytest.mark.parametrize('path', BASE_DATASETS, ids=lambda p: p.stem)
def test_base_dataset_config_types_are_registered(path: Path):
    _check_dataloaders(Config.fromfile(str(path)))


@pytest.mark.parametrize('path', PIPELINES, ids=lambda p: p.stem)
def test_pipeline_stage_configs_resolve(path: Path, tmp_path):
    """Every stage config, with the pipeline's options and inputs applied,
    names registered datasets, transforms and loops."""
    from helpers.runs import load_tool_module
    tool = load_tool_module(REPO_ROOT / 'tools' / 'pass_pipeline.py')
    pipeline = Config.fromfile(str(path))
    outputs = {stage['name']: str(tmp_path / stage['name'])
               for stage in pipeline.stages}
    for stage in pipeline.stages:
        cfg = tool.stage_config(pipeline, stage, str(tmp_path), outputs,
                                'none')
        _check_dataloaders(cfg)
        loop = cfg.test_cfg if stage.get('mode') == 'test' else cfg.train_cfg
        assert LOOPS.get(loop.get('type', 'EpochBasedTrainLoop')), stage
