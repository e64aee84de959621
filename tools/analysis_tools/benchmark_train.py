"""Benchmark training of a clustering method (PiCIE, PGG, ...) or STEGO.

Prints the clustering pass (ClusteringHook) and the training pass of one
epoch: iterations/s, images/s and peak memory, the share of the epoch spent
in clustering, and the ratio of the epoch to a plain forward+backward pass of
the encoder over the same batches (the cost of training the encoder with a
fixed target). For PiCIE-style models, which train with the labels of the
clustering hook's counting pass, it also times the same iterations with
every batch labelled by the epoch-start snapshot instead. With
``--repeat 1 2 4`` the clustering pass is also run on the train set
repeated 2x and 4x, to show that its peak memory does not grow with the
dataset.

    python tools/analysis_tools/benchmark_train.py \\
        configs/picie/picie_r18_fpn_synthetic.py --max-iters 10 --repeat 1 2

For STEGO (a ``KNNHook`` instead of a ``ClusteringHook``) it prints the KNN
table build (images/s, peak memory; the cache is bypassed) and the training
iterations/s and images/s; its backbone is frozen, so there is no plain
forward+backward to compare with.
"""
import argparse
import copy
import gc
import tempfile
import time

import torch
from mmengine.runner import Runner

import mmusseg  # noqa: F401
from mmusseg.engine.hooks import ClusteringHook, KNNHook
from mmusseg.utils import add_cfg_options, read_config, unwrap_model
from mmusseg.utils.benchmark import (build_runner, device_name, find_hook,
                                     sync, time_training)
from mmusseg.utils.peak_memory import PeakMemory


def clustering_hook(runner: Runner) -> ClusteringHook:
    hook = find_hook(runner, ClusteringHook)
    if hook is None:
        raise ValueError('The config has no ClusteringHook or KNNHook in '
                         'custom_hooks; benchmark_train.py measures '
                         'clustering methods and STEGO.')
    return hook


def benchmark_stego(runner: Runner, hook: KNNHook, max_iters: int) -> None:
    """KNN table build and training speed of a STEGO-style config."""
    hook.cache_dir = tempfile.mkdtemp(prefix='bench_knn_')  # no cache hit
    memory = PeakMemory()
    with memory.measure():
        start = time.perf_counter()
        hook.before_train(runner)
        seconds = time.perf_counter() - start
    num = len(runner.train_dataloader.dataset)
    print(f'KNN table of {num} images (top-{hook.k}): {seconds:.2f} s, '
          f'{num / seconds:.1f} images/s, {memory}')
    train_s, iters, images, train_mem = time_training(runner, max_iters,
                                                      plain=False)
    print(f'training: {iters / train_s:.2f} it/s, '
          f'{images / train_s:.1f} images/s, {train_mem}')


def time_clustering(runner: Runner, hook: ClusteringHook):
    """Seconds and peak memory of one epoch-start clustering pass."""
    memory = PeakMemory()
    with memory.measure():
        sync()
        start = time.perf_counter()
        hook.fit(runner, training_views=True)
        sync()
    return time.perf_counter() - start, memory


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='training config')
    parser.add_argument('--max-iters', type=int, default=0,
                        help='train iterations to time (0: a whole epoch, '
                        'or 50 for iteration-based STEGO); the epoch time '
                        'is extrapolated from them')
    parser.add_argument('--repeat', type=int, nargs='+', default=[1],
                        help='also time the clustering pass on the train '
                        'set repeated this many times')
    parser.add_argument('--work-dir', help='defaults to a temporary folder')
    add_cfg_options(parser)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cfg = read_config(args.config, args.cfg_options, init_scope=True)
    cfg.work_dir = args.work_dir or tempfile.mkdtemp(prefix='bench_train_')
    cfg.log_level = 'WARNING'
    print(f'{args.config} on {device_name()}, torch {torch.__version__}')

    runner = build_runner(cfg)
    knn_hook = find_hook(runner, KNNHook)
    if knn_hook is not None and find_hook(runner, ClusteringHook) is None:
        benchmark_stego(runner, knn_hook, args.max_iters or 50)
        return
    hook = clustering_hook(runner)
    batches = len(runner.train_dataloader)
    batch_size = runner.train_dataloader.batch_size
    cluster_s, cluster_mem = time_clustering(runner, hook)
    train_s, iters, images, train_mem = time_training(
        runner, args.max_iters or batches, plain=False)
    kept = getattr(unwrap_model(runner.model), '_epoch_labels', None)
    if kept:  # PiCIE trained with the counting pass' labels: time without
        saved = dict(kept)
        kept.clear()
        snapshot_s, _, _, _ = time_training(runner, iters, plain=False)
        kept.update(saved)
        # again with the kept labels, so that a drift in the machine's speed
        # weighs on both sides of the comparison
        kept_s = (train_s + time_training(runner, iters, plain=False)[0]) / 2
    plain_s, _, _, plain_mem = time_training(runner, iters, plain=True)

    epoch_train_s = train_s / iters * batches
    epoch_plain_s = plain_s / iters * batches
    epoch_s = cluster_s + epoch_train_s
    print(f'epoch: {batches} iterations of {batch_size} images'
          f'{"" if iters == batches else f" (timed {iters}, extrapolated)"}')
    print(f'clustering pass: {cluster_s:.2f} s, '
          f'{batches * batch_size / cluster_s:.1f} images/s, {cluster_mem}')
    print(f'training pass: {iters / train_s:.2f} it/s, '
          f'{images / train_s:.1f} images/s, {train_mem}')
    if kept:
        print(f'training pass labelling every batch with the snapshot '
              f'instead: {iters / snapshot_s:.2f} it/s (the counting '
              f"pass' labels, timed before and after, save "
              f'{1 - kept_s / snapshot_s:.1%})')
    print(f'plain forward+backward: {iters / plain_s:.2f} it/s, '
          f'{images / plain_s:.1f} images/s, {plain_mem}')
    print(f'epoch: {epoch_s:.2f} s = clustering {cluster_s / epoch_s:.1%} '
          f'+ training {epoch_train_s / epoch_s:.1%}; '
          f'{epoch_s / epoch_plain_s:.2f}x a plain forward+backward epoch')

    # Fresh runners, so every size pays the same first-pass allocations.
    del runner
    for times in args.repeat:
        gc.collect()
        cfg_rep = copy.deepcopy(cfg)
        cfg_rep.experiment_name = f'repeat{times}_{time.time_ns()}'
        cfg_rep.train_dataloader.dataset = dict(
            type='RepeatDataset', times=times,
            dataset=cfg.train_dataloader.dataset)
        rep_runner = build_runner(cfg_rep)
        seconds, memory = time_clustering(rep_runner,
                                          clustering_hook(rep_runner))
        print(f'clustering pass, train set x{times} '
              f'({len(rep_runner.train_dataloader.dataset)} images): '
              f'{seconds:.2f} s, {memory}')
        del rep_runner


if __name__ == '__main__':
    main()
