"""How much class information do PGG's image-level pseudo-labels carry?

Runs (or loads from its cache) the config's ``PyramidLabelHook`` and
compares each selected view's pseudo-label with the view's dominant
ground-truth class (the most frequent labelled class inside the whole
image or the crop; with the crops as training samples, inside the
sample): NMI, and purity (the share of views whose dominant
class is their pseudo-label cluster's most common one), next to the same
scores for the pseudo-labels randomly permuted over the selected views
(the chance level). This uses train labels: it is a diagnostic of the
labels' quality, never part of an unsupervised method. The train images
must have annotations (e.g. the synthetic scenes; for COCO-Stuff pass
``--cfg-options train_dataloader.dataset.with_labels=True``).

    python tools/analysis_tools/pgg_label_diagnostics.py \
        configs/pgg/pgg_r18_fpn_synthetic.py
"""
import argparse
import tempfile

import numpy as np
import torch
from mmseg.registry import DATASETS
from sklearn.metrics import normalized_mutual_info_score

import mmusseg  # noqa: F401
from mmusseg.engine.hooks import PyramidLabelHook
from mmusseg.engine.hooks.train_images import with_pipeline
from mmusseg.models.utils import box_pixels
from mmusseg.utils import add_cfg_options, read_config
from mmusseg.utils.benchmark import build_runner, find_hook

LABELLED_PIPELINE = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='PackSegInputs', meta_keys=('img_path', 'sample_idx')),
]


def dominant_classes(dataset, boxes, ignore_index: int = 255) -> np.ndarray:
    """(N, V) most frequent labelled class in each box of each image (-1
    when the box holds no labelled pixel)."""
    out = np.full((len(dataset), len(boxes)), -1)
    for i in range(len(dataset)):
        gt = dataset[i]['data_samples'].gt_sem_seg.data[0]
        height, width = gt.shape
        for v, box in enumerate(boxes):
            y0, y1, x0, x1 = box_pixels(box, height, width)
            region = gt[y0:y1, x0:x1]
            region = region[region != ignore_index]
            if region.numel():
                out[i, v] = int(torch.bincount(region.flatten()).argmax())
    return out


def purity(pseudo: np.ndarray, truth: np.ndarray) -> float:
    """Share of items whose true class is their cluster's majority."""
    hits = sum(np.bincount(truth[pseudo == k]).max()
               for k in np.unique(pseudo))
    return hits / len(pseudo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='a PGG config')
    add_cfg_options(parser)
    args = parser.parse_args()
    cfg = read_config(args.config, args.cfg_options, init_scope=True)
    cfg.work_dir = tempfile.mkdtemp(prefix='pgg_labels_')
    cfg.log_level = 'WARNING'
    runner = build_runner(cfg)
    hook = find_hook(runner, PyramidLabelHook)
    if hook is None:
        raise ValueError('The config has no PyramidLabelHook.')
    hook.before_train(runner)  # loads the cache when there is one
    model = runner.model
    labels = model.image_labels.numpy()
    dataset = DATASETS.build(with_pipeline(cfg.train_dataloader.dataset,
                                           LABELLED_PIPELINE))
    truth = dominant_classes(dataset, model.image_label_boxes)
    keep = (labels >= 0) & (truth >= 0)
    pseudo, true = labels[keep], truth[keep]
    shuffled = np.random.default_rng(0).permutation(pseudo)
    print(f'{keep.sum()} selected views of {labels.size} '
          f'({len(dataset)} samples x {labels.shape[1]} views), '
          f'{len(np.unique(pseudo))} pseudo-label clusters, '
          f'{len(np.unique(true))} dominant classes')
    print(f'NMI(pseudo-labels, dominant class) = '
          f'{normalized_mutual_info_score(true, pseudo):.3f} '
          f'(chance: {normalized_mutual_info_score(true, shuffled):.3f})')
    print(f'purity = {purity(pseudo, true):.3f} '
          f'(chance: {purity(shuffled, true):.3f})')


if __name__ == '__main__':
    main()
