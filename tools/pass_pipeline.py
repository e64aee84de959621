"""Run PASS's six stages (or any chain of configs) with one command.

    python tools/pass_pipeline.py configs/pass/pass_r18_imagenets50.py

The pipeline config lists ``stages``; each runs its own config (relative to
the pipeline config; ``{setting}`` in its name is the pipeline config's
``setting``) in ``work_dir/<name>``: ``mode='train'`` (default) runs
``runner.train()``, ``mode='test'`` runs ``runner.test()``. ``inputs`` maps
config keys to earlier stages whose output they take: a training stage's
output is its last checkpoint, a loop with an ``output`` attribute (the
clustering and pseudo-label loops) gives that path. ``stage_options`` holds
per-stage config overrides; ``cfg_options`` of a stage may use
``{stage_dir}``. A top-level ``data_root`` is set on every dataset, a
top-level ``seed`` on every stage (``randomness.seed``, and the ``seed`` of
the clustering and pseudo-label loops; stages keep their configs' seeds
when it is None or absent).

A finished stage writes ``stage_done.json``; re-running the command skips
it. An unfinished training stage resumes from its last checkpoint; the
pseudo-label stage keeps the masks it already wrote.
"""
import argparse
import inspect
import json
import os.path as osp
import time
from pathlib import Path
from typing import Any, Dict

from mmengine.config import Config
from mmengine.dist import barrier, is_main_process
from mmengine.logging import print_log
from mmengine.runner import Runner
from mmseg.registry import LOOPS

from mmusseg.utils import (add_common_args, finish_distributed, read_config,
                           setup_cpu_distributed)

DONE = 'stage_done.json'


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Run a chain of stages')
    parser.add_argument('config', help='pipeline config (lists the stages)')
    parser.add_argument(
        '--until', help='stop after this stage (by name)', default=None)
    # --work-dir: the root of the stages' work dirs; --cfg-options: the
    # pipeline config's settings
    add_common_args(parser)
    return parser.parse_args()


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every dataset of the stage's dataloaders at ``data_root``."""
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(name)
        if isinstance(loader, dict) and 'data_root' in loader.get(
                'dataset', {}):
            loader['dataset']['data_root'] = data_root


def loop_takes_seed(train_cfg: dict) -> bool:
    """Whether the stage's training loop draws from its own ``seed`` (the
    clustering and pseudo-label loops: k-means initialisation, the Otsu
    image sample)."""
    loop = LOOPS.get(train_cfg.get('type', 'EpochBasedTrainLoop'))
    return loop is not None and 'seed' in inspect.signature(
        loop.__init__).parameters


def stage_config(pipeline: Config, stage: dict, stage_dir: str,
                 outputs: Dict[str, str], launcher: str) -> Config:
    """The stage's config with its inputs, options, work dir and launcher."""
    cfg = read_config(
        osp.join(osp.dirname(osp.abspath(pipeline.filename)),
                 stage['config'].format(setting=pipeline.get('setting'))))
    options: Dict[str, Any] = {}
    for key, source in stage.get('inputs', {}).items():
        if source not in outputs:
            raise KeyError(f'Stage {stage["name"]!r} takes {key!r} from '
                           f'{source!r}, which is not an earlier stage.')
        options[key] = outputs[source]
    options.update(pipeline.get('stage_options', {}).get(stage['name'], {}))
    for key, value in stage.get('cfg_options', {}).items():
        options[key] = (value.format(stage_dir=stage_dir)
                        if isinstance(value, str) else value)
    if pipeline.get('seed') is not None:
        options['randomness.seed'] = pipeline.seed
    cfg.merge_from_dict(options, allow_list_keys=True)
    if pipeline.get('seed') is not None and loop_takes_seed(cfg.train_cfg):
        cfg.train_cfg.seed = pipeline.seed
    if pipeline.get('data_root'):
        set_data_root(cfg, pipeline.data_root)
    cfg.work_dir = stage_dir
    cfg.launcher = launcher
    # stages of one process need distinct logger/visualizer instances
    cfg.experiment_name = f'{stage["name"]}_{time.strftime("%Y%m%d_%H%M%S")}'
    if isinstance(cfg.get('visualizer'), dict):
        cfg.visualizer.name = f'visualizer_{stage["name"]}'
    setup_cpu_distributed(cfg)
    return cfg


def run_stage(cfg: Config, mode: str) -> str:
    """Run one stage; return its output path."""
    if mode == 'test':
        runner = Runner.from_cfg(cfg)
        metrics = runner.test()
        path = osp.join(cfg.work_dir, 'metrics.json')
        if is_main_process():
            with open(path, 'w') as f:
                json.dump({k: float(v) for k, v in metrics.items()}, f,
                          indent=1)
        return path
    if mode != 'train':
        raise ValueError(f"A stage's mode is 'train' or 'test', got "
                         f'{mode!r}.')
    # training stages resume from their own last checkpoint, if any
    cfg.resume = cfg.get('load_from') is None
    runner = Runner.from_cfg(cfg)
    runner.train()
    output = getattr(runner.train_loop, 'output', None)
    if output is None:
        marker = Path(cfg.work_dir) / 'last_checkpoint'
        if not marker.is_file():
            raise RuntimeError(f'Stage in {cfg.work_dir} saved no '
                               f'checkpoint; enable the CheckpointHook.')
        output = marker.read_text().strip()
    return output


def main() -> None:
    args = parse_args()
    pipeline = read_config(args.config, args.cfg_options)
    work_dir = args.work_dir or pipeline.get('work_dir') or osp.join(
        'work_dirs', osp.splitext(osp.basename(args.config))[0])
    names = [stage['name'] for stage in pipeline.stages]
    if args.until is not None and args.until not in names:
        raise KeyError(f'--until {args.until!r} is not a stage; stages: '
                       f'{names}.')
    outputs: Dict[str, str] = {}
    for stage in pipeline.stages:
        name = stage['name']
        stage_dir = osp.join(work_dir, name)
        done = Path(stage_dir) / DONE
        if done.is_file():
            outputs[name] = json.loads(done.read_text())['output']
            print_log(f'[pass_pipeline] stage {name}: done, skipped '
                      f'(output {outputs[name]})', logger='current')
        else:
            print_log(f'[pass_pipeline] stage {name}: running in '
                      f'{stage_dir}', logger='current')
            cfg = stage_config(pipeline, stage, stage_dir, outputs,
                               args.launcher)
            outputs[name] = run_stage(cfg, stage.get('mode', 'train'))
            if is_main_process():
                done.write_text(json.dumps(dict(output=outputs[name])))
            barrier()
            print_log(f'[pass_pipeline] stage {name}: finished (output '
                      f'{outputs[name]})', logger='current')
        if name == args.until:
            break
    last = outputs[names[-1]] if names[-1] in outputs else None
    if last and last.endswith('.json') and is_main_process():
        print_log('[pass_pipeline] final metrics:\n' +
                  Path(last).read_text(), logger='current')
    finish_distributed()


if __name__ == '__main__':
    main()
