"""Evaluate a checkpoint with the config's test evaluator."""
import argparse

from mmengine.config import Config
from mmengine.runner import Runner
from mmseg.registry import RUNNERS

from mmusseg.utils import (add_common_args, load_config, setup_cpu_distributed,
                           finish_distributed)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test a segmentor')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--out',
        help='directory where the evaluator writes its outputs (the '
        'cluster-to-class matching, confusion matrix and per-class table '
        'for HungarianIoUMetric)')
    parser.add_argument(
        '--show-dir',
        help='directory where painted predictions are saved')
    parser.add_argument(
        '--show', action='store_true', help='show predictions in a window')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='display interval (s)')
    add_common_args(parser)
    return parser.parse_args()


def enable_visualization(cfg: Config, args: argparse.Namespace) -> None:
    """Turn on mmseg's SegVisualizationHook for --show / --show-dir."""
    hook = cfg.default_hooks.get('visualization')
    if hook is None:
        raise KeyError('--show/--show-dir need default_hooks.visualization '
                       '(SegVisualizationHook) in the config; configs that '
                       "inherit configs/_base_/default_runtime.py have it.")
    hook['draw'] = True
    if args.show:
        hook['show'] = True
        hook['wait_time'] = args.wait_time
    if args.show_dir:
        cfg.visualizer['save_dir'] = args.show_dir


def main() -> None:
    args = parse_args()
    cfg = load_config(args)
    cfg.load_from = args.checkpoint
    if args.show or args.show_dir:
        enable_visualization(cfg, args)
    if args.out is not None:
        cfg.test_evaluator['output_dir'] = args.out
    setup_cpu_distributed(cfg)
    runner = (RUNNERS.build(cfg)
              if 'runner_type' in cfg else Runner.from_cfg(cfg))
    runner.test()
    finish_distributed()


if __name__ == '__main__':
    main()
