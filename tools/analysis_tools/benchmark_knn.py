"""Benchmark STEGO's KNN table build: images/s and peak memory against N.

    python tools/analysis_tools/benchmark_knn.py --num 1000 10000 50000 \\
        --dim 384 --k 30

Times the chunked cosine top-k (mmusseg.clustering.chunked_topk_cosine) on
random features; memory grows as O(N·(k + chunk)), not O(N²). For N up to
``--dense-up-to`` the dense N x N similarity + topk is timed too, as the
reference does it, with its peak memory.
"""
import argparse
import os
import time

import torch

from mmusseg.clustering import chunked_topk_cosine
from mmusseg.utils.peak_memory import PeakMemory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--num', type=int, nargs='+',
                        default=[1000, 10000, 50000])
    parser.add_argument('--dim', type=int, default=384)
    parser.add_argument('--k', type=int, default=30)
    parser.add_argument('--chunk-size', type=int, default=4096)
    parser.add_argument('--dense-up-to', type=int, default=10000)
    parser.add_argument('--device', default='cuda'
                        if torch.cuda.is_available() else 'cpu')
    args = parser.parse_args()
    print(f'{args.device} ({os.cpu_count()} CPUs), D = {args.dim}, '
          f'k = {args.k}, chunk = {args.chunk_size}')
    for num in args.num:
        feats = torch.randn(num, args.dim, device=args.device)
        memory = PeakMemory()
        with memory.measure():
            start = time.perf_counter()
            chunked_topk_cosine(feats, feats, args.k, args.chunk_size)
            seconds = time.perf_counter() - start
        line = (f'N = {num}: chunked {num / seconds:.0f} images/s, '
                f'{memory}')
        if num <= args.dense_up_to:
            dense = PeakMemory()
            with dense.measure():
                start = time.perf_counter()
                unit = torch.nn.functional.normalize(feats, dim=1)
                (unit @ unit.T).topk(args.k, dim=1)
                dense_s = time.perf_counter() - start
            line += (f' | dense N x N: {num / dense_s:.0f} images/s, '
                     f'{dense}')
        else:
            line += (f' | dense N x N would hold '
                     f'{num * num * 4 / 2**30:.1f} GiB')
        print(line)


if __name__ == '__main__':
    main()
