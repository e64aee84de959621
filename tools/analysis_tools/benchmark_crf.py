"""Benchmark DenseCRF images/s with 0 (inline) and N worker processes.

    python tools/analysis_tools/benchmark_crf.py --num-images 16 \\
        --size 320 --workers 0 2
"""
import argparse
import os
import time

import numpy as np
import torch

from mmusseg.models.utils import DenseCRF


def make_inputs(num: int, size: int, classes: int, seed: int = 0):
    """Blocky images with noisy probabilities that agree with the blocks."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, classes, (num, size // 40 + 1, size // 40 + 1))
    labels = blocks.repeat(40, 1).repeat(40, 2)[:, :size, :size]
    palette = rng.integers(0, 256, (classes, 3), dtype=np.uint8)
    images = palette[labels]
    logits = rng.normal(0, 1, (num, classes, size, size)).astype(np.float32)
    np.put_along_axis(logits, labels[:, None], 2.0, axis=1)
    probs = torch.softmax(torch.from_numpy(logits), 1).numpy()
    return images, probs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--num-images', type=int, default=16)
    parser.add_argument('--size', type=int, default=320)
    parser.add_argument('--classes', type=int, default=27)
    parser.add_argument('--workers', type=int, nargs='+', default=[0, 2])
    args = parser.parse_args()
    images, probs = make_inputs(args.num_images, args.size, args.classes)
    print(f'{os.cpu_count()} CPUs; {args.num_images} images of '
          f'{args.size}x{args.size}, {args.classes} classes')
    baseline = None
    for workers in args.workers:
        crf = DenseCRF(num_workers=workers)
        crf(images[:1], probs[:1])  # start the pool outside the timing
        start = time.perf_counter()
        crf(images, probs)
        speed = args.num_images / (time.perf_counter() - start)
        crf.close()
        baseline = baseline or speed
        print(f'workers={workers}: {speed:.2f} images/s '
              f'({speed / baseline:.2f}x the first row)')


if __name__ == '__main__':
    main()
