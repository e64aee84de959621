"""Evaluate a checkpoint with the config's test evaluator."""
import argparse
import inspect

from mmengine.config import Config
from mmengine.runner import Runner
from mmseg.registry import METRICS, RUNNERS

from mmusseg.utils import (add_common_args, finish_distributed, load_config,
                           setup_cpu_distributed)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test a segmentor')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--out',
        help='directory where every metric of the test evaluator writes its '
        'outputs (HungarianIoUMetric: the cluster-to-class matching, '
        'confusion matrix and per-class table; mmseg IoUMetric and '
        'LinearProbeIoUMetric: one label PNG per image)')
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


def _takes_output_dir(metric_type) -> bool:
    """Whether a metric class (or its registered name) takes
    ``output_dir``, through its own ``__init__`` or a base class's."""
    cls = METRICS.get(metric_type) if isinstance(metric_type,
                                                 str) else metric_type
    if cls is None:
        raise KeyError(f'test_evaluator names the metric {metric_type!r}, '
                       'which is not registered; check its type.')
    return any('output_dir' in inspect.signature(c.__init__).parameters
               for c in cls.__mro__ if '__init__' in vars(c))


def set_output_dir(evaluator, out: str) -> None:
    """Point every metric of ``evaluator`` that writes outputs to ``out``.

    Args:
        evaluator (dict | list[dict]): ``cfg.test_evaluator``: one metric,
            a list of metrics, or an evaluator with ``metrics``.
        out (str): The ``--out`` directory.

    Raises:
        ValueError: If there is no evaluator, or no metric of it takes
            ``output_dir``.
    """
    if not evaluator:
        raise ValueError('--out: the config has no test_evaluator; give it '
                         'one (e.g. HungarianIoUMetric) or drop --out.')
    if isinstance(evaluator, dict) and 'metrics' in evaluator:
        evaluator = evaluator['metrics']
    metrics = evaluator if isinstance(evaluator, (list, tuple)) else [
        evaluator
    ]
    writers = [m for m in metrics if _takes_output_dir(m['type'])]
    if not writers:
        raise ValueError(
            f'--out: no metric of test_evaluator '
            f'({[m["type"] for m in metrics]}) takes output_dir; drop --out '
            'or add a metric that writes outputs (HungarianIoUMetric).')
    for metric in writers:
        metric['output_dir'] = out


def main() -> None:
    args = parse_args()
    cfg = load_config(args)
    cfg.load_from = args.checkpoint
    if args.show or args.show_dir:
        enable_visualization(cfg, args)
    if args.out is not None:
        set_output_dir(cfg.test_evaluator, args.out)
    setup_cpu_distributed(cfg)
    runner = (RUNNERS.build(cfg)
              if 'runner_type' in cfg else Runner.from_cfg(cfg))
    runner.test()
    finish_distributed()


if __name__ == '__main__':
    main()
