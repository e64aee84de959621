"""Benchmark mmusseg's streaming k-means against scikit-learn's.

Both consume the same stream of 128-d feature batches drawn from a seeded
mixture of K Gaussians, generated on the fly so the dataset never exists in
memory; this is what shows that memory does not grow with N. They run
alternately in one process, so the speed ratio is meaningful on a shared
machine. Features/s counts only the time spent inside the fitting calls,
not the generation of the stream. Peak RSS is sampled by a background
thread and reported above the RSS at the start of each run.

    python tools/analysis_tools/benchmark_kmeans.py --sizes 1e5 1e6 1e7
"""
import argparse
import os
import platform
import threading
import time
from typing import Callable, Iterator, Tuple

import faiss
import numpy as np
import psutil
import torch
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import MiniBatchKMeans

from mmusseg.clustering import DistributedMiniBatchKMeans, assign_to_centroids


class PeakRSS:
    """Context manager sampling this process' RSS every few milliseconds."""

    def __enter__(self) -> 'PeakRSS':
        self.process = psutil.Process()
        self.base = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def delta_mib(self) -> float:
        return (self.peak - self.base) / 2**20


def make_stream(num: int, dim: int, k: int, batch: int,
                seed: int) -> Callable[[], Iterator[Tuple[np.ndarray,
                                                            np.ndarray]]]:
    """A re-playable stream of (features, true component) batches."""
    centers = np.random.default_rng(seed).normal(0, 1, (k, dim)).astype(
        np.float32) * 3

    def stream():
        rng = np.random.default_rng(seed + 1)
        for start in range(0, num, batch):
            n = min(batch, num - start)
            comp = rng.integers(0, k, n)
            feats = centers[comp] + rng.normal(0, 1, (n, dim)).astype(
                np.float32)
            yield feats, comp

    return stream


def hungarian_acc(pred: np.ndarray, true: np.ndarray, k: int) -> float:
    conf = np.zeros((k, k))
    np.add.at(conf, (true, pred), 1)
    rows, cols = linear_sum_assignment(conf, maximize=True)
    return conf[rows, cols].sum() / len(true)


def run_mmusseg(stream, k, args) -> Tuple[np.ndarray, float]:
    """Fit mmusseg's k-means; returns centroids and seconds spent fitting."""
    # every row is a one-pixel image: seed on the first init_batches
    # batches, update once per batch
    km = DistributedMiniBatchKMeans(
        k, num_init_images=args.init_batches * args.batch_size,
        images_per_update=args.batch_size, num_init_redo=args.init_redo,
        max_init_samples=args.max_init_samples, device=args.device)
    seconds = 0.0
    for feats, _ in stream():
        start = time.perf_counter()
        km.update(torch.from_numpy(feats))
        seconds += time.perf_counter() - start
    start = time.perf_counter()
    centroids = km.finalize().numpy()
    return centroids, seconds + time.perf_counter() - start


def run_sklearn(stream, k, args) -> Tuple[np.ndarray, float]:
    """Fit scikit-learn's MiniBatchKMeans on the same stream."""
    km = MiniBatchKMeans(k, batch_size=args.batch_size, n_init=1,
                         random_state=0)
    seconds = 0.0
    for feats, _ in stream():
        start = time.perf_counter()
        km.partial_fit(feats)
        seconds += time.perf_counter() - start
    return km.cluster_centers_, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', type=float, nargs='+',
                        default=[1e5, 1e6, 1e7])
    parser.add_argument('--dim', type=int, default=128)
    parser.add_argument('--k', type=int, default=27)
    parser.add_argument('--batch-size', type=int, default=65536)
    parser.add_argument('--init-batches', type=int, default=3)
    parser.add_argument('--init-redo', type=int, default=1)
    parser.add_argument('--max-init-samples', type=int, default=200_000)
    parser.add_argument('--skip-sklearn-above', type=float, default=1e12,
                        help='skip scikit-learn for larger N')
    parser.add_argument('--device', default='cpu', help="'cpu' or 'cuda'")
    args = parser.parse_args()
    print(f'machine: {platform.processor() or platform.machine()}, '
          f'{os.cpu_count()} CPUs, torch {torch.__version__} with '
          f'{torch.get_num_threads()} threads, faiss {faiss.__version__}, '
          f'device {args.device}'
          + (f' ({torch.cuda.get_device_name()})'
             if args.device == 'cuda' else ''))
    print(f'D={args.dim} K={args.k} batch={args.batch_size} '
          f'seeding cap={args.max_init_samples} rows')
    header = (f'{"N":>10} | {"method":>8} | {"features/s":>11} | '
              f'{"peak RSS +MiB":>13} | {"acc %":>6} | {"speed ratio":>11}')
    print(header)
    print('-' * len(header))
    for size in args.sizes:
        num = int(size)
        stream = make_stream(num, args.dim, args.k, args.batch_size, seed=0)
        # held-out batch for quality
        held_x, held_y = next(make_stream(20000, args.dim, args.k, 20000,
                                          seed=0)())
        rows = {}
        methods = [('mmusseg', run_mmusseg)]
        if num <= args.skip_sklearn_above:
            methods.append(('sklearn', run_sklearn))
        for name, fn in methods:
            with PeakRSS() as rss:
                centroids, seconds = fn(stream, args.k, args)
            labels, _ = assign_to_centroids(
                torch.from_numpy(held_x), torch.from_numpy(centroids))
            acc = hungarian_acc(labels.numpy(), held_y, args.k)
            rows[name] = (num / seconds, rss.delta_mib, acc)
        for name, (speed, mib, acc) in rows.items():
            ratio = (f'{speed / rows["sklearn"][0]:.2f}x'
                     if 'sklearn' in rows else 'n/a')
            print(f'{num:>10.0e} | {name:>8} | {speed:>11,.0f} | '
                  f'{mib:>13.1f} | {100 * acc:>6.2f} | '
                  f'{ratio if name == "mmusseg" else "1.00x":>11}')


if __name__ == '__main__':
    main()
