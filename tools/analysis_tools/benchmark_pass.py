"""Throughput and peak memory of PASS's pseudo-label generation (stage 4)
and of its full-resolution ImageNet-S evaluation (stage 6).

    python tools/analysis_tools/benchmark_pass.py [--images-per-class 2]

Both run through the real stage configs (ResNet-18, ImageNet-S-50) on a
generated tree of ImageNet-sized images (500 x 375 and 375 x 500) with
random weights: throughput does not depend on what the weights learnt.
The pseudo-label stage uses a fixed threshold (no Otsu pass) and writes
every mask; the evaluation runs ImageNetSMetric at the original size.
"""
import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from mmengine.config import Config
from mmengine.runner import Runner

from mmusseg.testing.fake_trees import make_fake_imagenet_s
from mmusseg.utils import read_config
from mmusseg.utils.benchmark import build_runner, device_name, sync
from mmusseg.utils.peak_memory import PeakMemory

CONFIGS = Path(__file__).resolve().parents[2] / 'configs' / 'pass'


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--images-per-class', type=int, default=2,
                        help='images per class and split (50 classes)')
    parser.add_argument('--workers', type=int, default=2)
    return parser.parse_args()


def stage_cfg(name: str, work_dir: Path, data_root: Path,
              workers: int) -> Config:
    cfg = read_config(str(CONFIGS / name))
    cfg.work_dir = str(work_dir)
    cfg.load_from = None
    cfg.experiment_name = f'{work_dir.name}_{time.time_ns()}'
    for key in ('train_dataloader', 'test_dataloader'):
        loader = cfg.get(key)
        if loader:
            loader.dataset.data_root = str(data_root)
            loader.num_workers = workers
            loader.persistent_workers = False
    return cfg


def timed(label: str, images: int, fn) -> None:
    memory = PeakMemory()
    with memory.measure():
        sync()
        start = time.perf_counter()
        fn()
        sync()
        seconds = time.perf_counter() - start
    print(f'{label}: {images} images in {seconds:.1f} s = '
          f'{images / seconds:.1f} images/s, {memory}')


def main() -> None:
    args = parse_args()
    root = Path(tempfile.mkdtemp(prefix='benchmark_pass_'))
    print(f'Generating a fake ImageNet-S-50 tree in {root} ...')
    make_fake_imagenet_s(root, subset=50, per_class=args.images_per_class,
                         sizes=((375, 500), (500, 375)))
    images = 50 * args.images_per_class
    centroids = root / 'centroids.npy'
    np.save(centroids, np.random.default_rng(0).normal(
        size=(50, 512)).astype(np.float32))

    cfg = stage_cfg('pass-label_r18_imagenets50.py', root / 'label', root,
                    args.workers)
    cfg.model.init_cfg = None
    cfg.train_cfg.update(centroids=str(centroids), threshold=0.4)
    runner = build_runner(cfg)
    print(f'Device: {device_name()}')
    timed('Pseudo-labels (stage 4, shorter side 256, masks at full size)',
          images, runner.train)

    cfg = stage_cfg('pass-finetune_r18_imagenets50.py', root / 'eval', root,
                    args.workers)
    cfg.model.backbone.init_cfg = None
    cfg.train_dataloader.dataset.seg_dir = str(root / 'label' / 'labels')
    runner = Runner.from_cfg(cfg)
    timed('Evaluation (stage 6, ImageNetSMetric at the original size)',
          images, runner.test)


if __name__ == '__main__':
    main()
