"""Benchmark tools/infer.py's inferencer: images/s without and with CRF.

    python tools/analysis_tools/benchmark_infer.py CONFIG CHECKPOINT IMAGES \\
        [--crf-workers 0 2] [--device cpu]

Each setting segments every image once after a one-image warm-up (model,
CRF worker start-up); nothing is written to disk.
"""
import argparse
import os
import time

import torch

from mmusseg.apis import ClusterInferencer, list_images


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('inputs', nargs='+', help='images and/or folders')
    parser.add_argument('--crf-workers', type=int, nargs='+', default=[0],
                        help='DenseCRF worker counts to time (0: inline)')
    parser.add_argument('--device')
    args = parser.parse_args()
    images = list_images(args.inputs)
    device = args.device or ('cuda' if torch.cuda.is_available() else 'cpu')
    print(f'{len(images)} images on {device} ({os.cpu_count()} CPUs)')
    settings = [('no CRF', dict(crf=False))] + [
        (f'CRF, {n} workers', dict(crf=True, crf_workers=n))
        for n in args.crf_workers
    ]
    baseline = None
    for label, kwargs in settings:
        inferencer = ClusterInferencer(args.config, args.checkpoint,
                                       device=device, **kwargs)
        try:
            inferencer(images[:1], show_progress=False)
            start = time.perf_counter()
            results = inferencer(images, show_progress=False)
            speed = len(results) / (time.perf_counter() - start)
        finally:
            inferencer.close()
        baseline = baseline or speed
        print(f'{label}: {speed:.2f} images/s ({speed / baseline:.2f}x '
              f'the no-CRF row)')


if __name__ == '__main__':
    main()
