"""Benchmark PGG + CAE: the pseudo-label stage and the per-iteration cost
of the context-aware embedding and of the guidance head.

1. The pyramid-label stage of the config's ``PyramidLabelHook`` (embedding
   six views of every training image with the ISS network, k-means, active
   selection; the cache is bypassed): images/s and peak memory. With the
   crops as training samples (``PyramidCropDataset``) the six views are six
   samples.
2. Training iterations of four variants built from the same config, on the
   same batches, timed in interleaved rounds in this process: plain PiCIE
   (the CAE's FPN as neck, no guidance), PiCIE + CAE, PiCIE + PGG head, and
   the full model. Each prints its median it/s over the rounds and its
   cost per iteration as a ratio to plain PiCIE.

    python tools/analysis_tools/benchmark_pgg.py \
        configs/pgg/pgg_r18_fpn_synthetic.py --iters 5 --rounds 3

The ISS checkpoint must exist (``ISS_CHECKPOINT=...`` or the config's
default path).
"""
import argparse
import copy
import statistics
import tempfile
import time

import torch
from mmengine.config import Config

import mmusseg  # noqa: F401
from mmusseg.engine.hooks import ClusteringHook, PyramidLabelHook
from mmusseg.utils import add_cfg_options, read_config
from mmusseg.utils.benchmark import (build_runner, device_name, find_hook,
                                     sync, time_training)
from mmusseg.utils.peak_memory import PeakMemory

PGG_KEYS = ('guidance_head', 'guidance_loss_weight', 'pyramid', 'crop_mode',
            'crop_ratio', 'min_crop_coverage')


def variant_configs(cfg: Config) -> dict:
    """The four ablation variants of a PGG config, by name."""
    if cfg.model.type != 'PGG' or cfg.model.neck.type != (
            'ContextAwareEmbedding'):
        raise ValueError('benchmark_pgg.py needs a PGG config with a '
                         'ContextAwareEmbedding neck (the full model).')

    def variant(cae: bool, pgg: bool) -> Config:
        var = copy.deepcopy(cfg)
        if not cae:
            var.model.neck = var.model.neck.fpn
        if not pgg:
            var.model.type = 'PiCIE'
            for key in PGG_KEYS:
                var.model.pop(key, None)
        # labels are set from the timed label stage, not recomputed
        var.custom_hooks = [h for h in var.custom_hooks
                            if h.type != 'PyramidLabelHook']
        return var

    return {
        'PiCIE': variant(cae=False, pgg=False),
        'PiCIE + CAE': variant(cae=True, pgg=False),
        'PiCIE + PGG head': variant(cae=False, pgg=True),
        'PGG + CAE (full)': variant(cae=True, pgg=True),
    }


def time_label_stage(cfg: Config):
    """Labels, seconds and peak memory of the pyramid-label stage."""
    runner = build_runner(cfg)
    hook = find_hook(runner, PyramidLabelHook)
    if hook is None:
        raise ValueError('The config has no PyramidLabelHook.')
    hook.cache_dir = tempfile.mkdtemp(prefix='bench_pgg_')  # no cache hit
    memory = PeakMemory()
    with memory.measure():
        sync()
        start = time.perf_counter()
        hook.before_train(runner)
        sync()
    seconds = time.perf_counter() - start
    model = runner.model
    samples = len(runner.train_dataloader.dataset)
    per_image = hook.samples_per_image(model, runner.train_dataloader.dataset)
    views = per_image * len(model.image_label_boxes)
    return model.image_labels, seconds, memory, samples // per_image, views


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='a PGG config with the CAE neck')
    parser.add_argument('--iters', type=int, default=5,
                        help='train iterations per variant and round')
    parser.add_argument('--rounds', type=int, default=3,
                        help='interleaved timing rounds')
    add_cfg_options(parser)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cfg = read_config(args.config, args.cfg_options, init_scope=True)
    cfg.work_dir = tempfile.mkdtemp(prefix='bench_pgg_')
    cfg.log_level = 'WARNING'
    print(f'{args.config} on {device_name()}, torch {torch.__version__}')

    labels, seconds, memory, num, views = time_label_stage(cfg)
    print(f'pyramid labels: {num} images x {views} views in {seconds:.2f} s'
          f', {num / seconds:.1f} images/s ({num * views / seconds:.1f} '
          f'views/s), {memory}')

    runners = {}
    for name, var in variant_configs(cfg).items():
        var.experiment_name = f'bench_{len(runners)}_{time.time_ns()}'
        runner = build_runner(var)
        if hasattr(runner.model, 'set_image_labels'):
            runner.model.set_image_labels(labels)
        find_hook(runner, ClusteringHook).fit(runner, training_views=True)
        time_training(runner, 1, plain=False)  # warm-up
        runners[name] = runner
    speeds = {name: [] for name in runners}
    for _ in range(args.rounds):
        for name, runner in runners.items():
            train_s, iters, _, _ = time_training(runner, args.iters,
                                                 plain=False)
            speeds[name].append(iters / train_s)
    base = statistics.median(speeds['PiCIE'])
    batch = cfg.train_dataloader.batch_size
    for name, values in speeds.items():
        speed = statistics.median(values)
        print(f'{name:>18}: {speed:.2f} it/s ({speed * batch:.1f} images/s),'
              f' {base / speed:.2f}x the cost of a PiCIE iteration')


if __name__ == '__main__':
    main()
