"""Look at what a config's dataset feeds the model, and at PiCIE's views.

    python tools/misc/browse_dataset.py CONFIG --output-dir browse \\
        [--split train|val|test] [--num 10] [--epoch 0]

Every sample is saved as one row of panels: the image as the pipeline
returns it and, when the sample has labels, the ground truth in the
dataset's palette. For models that draw two views in the model (PiCIE),
the row continues with view 1 = G(P1 x), view 2 = P2 x, and G replayed on
view 2, which lines up with view 1 up to the photometric jitter: this is
the geometric transform the loss replays on view 2's features.
"""
import argparse
import os.path as osp

import cv2
import numpy as np
import torch
from mmengine.utils import ProgressBar, mkdir_or_exist
from mmseg.registry import DATASETS, MODELS

import mmusseg  # noqa: F401
from mmusseg.datasets.palette import make_palette
from mmusseg.utils import add_cfg_options, read_config


def colour_labels(labels: np.ndarray, palette) -> np.ndarray:
    """RGB image of a label map of any id range (ImageNet-S ids exceed
    255); ignored pixels (ids >= len(palette)) black."""
    labels = labels.astype(np.int64).clip(0)
    lut = np.zeros((max(len(palette), int(labels.max()) + 1), 3), np.uint8)
    lut[:len(palette)] = np.asarray(palette, np.uint8)
    return lut[labels]


def view_panels(model, item, epoch: int):
    """View 1, view 2 and G replayed on view 2, as RGB uint8 images."""
    model.set_epoch(epoch)
    data = model.data_preprocessor(
        dict(inputs=[item['inputs']], data_samples=[item['data_samples']]),
        False)
    with torch.no_grad():
        view1, view2, params = model.make_views(data['inputs'],
                                                data['data_samples'])
        replayed = model.views.geometric(view2[0], params[0],
                                         tuple(view1.shape[-2:]))[None]
    return [model._unnormalise(v)[0].numpy()
            for v in (view1, view2, replayed)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--output-dir', required=True)
    parser.add_argument('--split', default='train',
                        choices=('train', 'val', 'test'))
    parser.add_argument('--num', type=int, default=10,
                        help='how many samples (from the first)')
    parser.add_argument('--epoch', type=int, default=0,
                        help="epoch whose views are drawn (PiCIE)")
    add_cfg_options(parser)
    args = parser.parse_args()
    cfg = read_config(args.config, args.cfg_options, init_scope=True)
    dataset = DATASETS.build(cfg[f'{args.split}_dataloader'].dataset)
    classes = dataset.metainfo.get('classes') or ()
    palette = dataset.metainfo.get('palette') or make_palette(len(classes))
    model = None
    if args.split == 'train' and 'views' in cfg.get('model', {}):
        model = MODELS.build(cfg.model).eval()
    mkdir_or_exist(args.output_dir)
    count = min(args.num, len(dataset))
    progress = ProgressBar(count)
    for index in range(count):
        item = dataset[index]
        sample = item['data_samples']
        image = item['inputs'].permute(1, 2, 0).numpy()[..., ::-1]  # RGB
        panels = [image]
        if 'gt_sem_seg' in sample:
            panels.append(
                colour_labels(sample.gt_sem_seg.data[0].numpy(), palette))
        if model is not None:
            views = view_panels(model, item, args.epoch)
            height = max(p.shape[0] for p in panels + views)
            panels += views
            panels = [cv2.resize(p, (round(p.shape[1] * height / p.shape[0]),
                                     height)) if p.shape[0] != height else p
                      for p in panels]
        stem = osp.splitext(osp.basename(sample.img_path))[0]
        row = np.ascontiguousarray(np.concatenate(panels, axis=1))
        cv2.imwrite(osp.join(args.output_dir, f'{index:05d}_{stem}.png'),
                    row[..., ::-1])
        progress.update()
    print(f'\nWrote {count} rows to {args.output_dir}.')


if __name__ == '__main__':
    main()
