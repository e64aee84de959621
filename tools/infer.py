"""Segment your own images with a trained mmusseg model.

    python tools/infer.py CONFIG CHECKPOINT IMAGE_OR_FOLDER [IMAGE ...] \\
        --out-dir results [--crf] [--flip] [--matching hungarian_matching.json]

Writes ``results/labels/*.png`` (cluster ids) and ``results/vis/*.png``
(image | clusters | matched classes when ``--matching`` is given; the file
is written by ``tools/test.py CONFIG CHECKPOINT --out DIR``). Unreadable
images are named and skipped; the exit code is 1 if any was skipped.
"""
import argparse
import sys

from mmusseg.apis import ClusterInferencer


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='model config')
    parser.add_argument('checkpoint', help='checkpoint with fitted centroids')
    parser.add_argument('inputs', nargs='+', help='images and/or folders')
    parser.add_argument('--out-dir', required=True,
                        help='where labels/ and vis/ are written')
    parser.add_argument('--device', help="e.g. 'cpu' or 'cuda:0' (default: "
                        'CUDA when available)')
    parser.add_argument('--scale', type=int,
                        help="shorter side at inference (default: the "
                        "config's crop_size, else the original size)")
    parser.add_argument('--flip', action='store_true',
                        help='average with the flipped image')
    parser.add_argument('--crf', action='store_true', help='DenseCRF')
    parser.add_argument('--crf-workers', type=int, default=0,
                        help='DenseCRF worker processes (0: inline)')
    parser.add_argument('--matching', help='hungarian_matching.json from '
                        'tools/test.py --out, to draw matched classes')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    inferencer = ClusterInferencer(
        args.config, args.checkpoint, device=args.device, scale=args.scale,
        flip=args.flip, crf=args.crf, crf_workers=args.crf_workers,
        matching=args.matching)
    try:
        results = inferencer(args.inputs, out_dir=args.out_dir)
    finally:
        inferencer.close()
    done = sum(r.error is None for r in results)
    print(f'Segmented {done} of {len(results)} images into {args.out_dir}.')
    return 0 if done == len(results) else 1


if __name__ == '__main__':
    sys.exit(main())
