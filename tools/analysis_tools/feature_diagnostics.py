"""What do a model's pixel features encode? Colour, classes, or neither.

On the val split, with pixels subsampled from every image:

- NMI between k-means clusters of the features and the classes, and
  between those clusters and k-means clusters of the raw RGB values (how
  much the features group pixels by colour);
- the pixel accuracy of a logistic-regression probe trained on the pixels
  of the first half of the images and scored on the rest (split by image:
  neighbouring pixels of one region would leak). This uses labels: it is a
  diagnostic of the information in the features, never a result of an
  unsupervised method.

    python tools/analysis_tools/feature_diagnostics.py \\
        configs/picie/picie_r18_fpn_synthetic.py work_dirs/.../epoch_10.pth
    python tools/analysis_tools/feature_diagnostics.py \\
        configs/picie/picie_r18_fpn_synthetic.py   # random init
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.runner import load_checkpoint
from mmengine.utils import ProgressBar
from mmseg.registry import DATASETS, MODELS
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import normalized_mutual_info_score

import mmusseg  # noqa: F401
from mmusseg.clustering import assign_to_centroids, faiss_kmeans
from mmusseg.utils import add_cfg_options, read_config


def collect(model, dataset, stride: int, ignore_index: int = 255):
    """Features, RGB values, labels and image indices of every
    ``stride``-th labelled pixel of every val image, at the image
    resolution."""
    feats, rgbs, labels, images = [], [], [], []
    progress = ProgressBar(len(dataset))
    for i in range(len(dataset)):
        item = dataset[i]
        if 'gt_sem_seg' not in item['data_samples']:
            raise ValueError('feature_diagnostics needs a labelled val '
                             'split (gt_sem_seg).')
        data = model.data_preprocessor(
            dict(inputs=[item['inputs']],
                 data_samples=[item['data_samples']]), False)
        with torch.no_grad():
            feat = model.extract_feat(data['inputs'])
        size = item['inputs'].shape[-2:]
        feat = F.interpolate(feat, size=size, mode='bilinear',
                             align_corners=False)[0]
        label = item['data_samples'].gt_sem_seg.data[0].flatten()
        keep = torch.nonzero(label != ignore_index).flatten()[::stride]
        feats.append(feat.flatten(1).T[keep])
        rgbs.append(item['inputs'].flatten(1).T[keep].float())
        labels.append(label[keep])
        images.append(torch.full((len(keep), ), i))
        progress.update()
    print()
    return tuple(
        torch.cat(x).numpy() for x in (feats, rgbs, labels, images))


def kmeans_labels(x: np.ndarray, k: int) -> np.ndarray:
    centroids = faiss_kmeans(x, k, num_iters=30, num_redo=3, seed=0,
                             device='cpu')
    return assign_to_centroids(torch.from_numpy(x), centroids)[0].numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint', nargs='?',
                        help='omit to diagnose the initial weights')
    parser.add_argument('--stride', type=int, default=7,
                        help='keep every n-th labelled pixel')
    add_cfg_options(parser)
    args = parser.parse_args()
    cfg = read_config(args.config, args.cfg_options, init_scope=True)
    torch.manual_seed(cfg.get('randomness', {}).get('seed', 0))
    model = MODELS.build(cfg.model)
    if args.checkpoint:
        load_checkpoint(model, args.checkpoint, map_location='cpu')
    else:
        model.init_weights()
    model.eval()
    dataset = DATASETS.build(cfg.val_dataloader.dataset)
    num_classes = len(dataset.metainfo['classes'])
    feats, rgbs, labels, images = collect(model, dataset, args.stride)
    feat_clusters = kmeans_labels(feats, num_classes)
    rgb_clusters = kmeans_labels(rgbs, num_classes)
    train = images < len(dataset) // 2
    test = ~train
    probe = LogisticRegression(max_iter=300).fit(feats[train], labels[train])
    print(f'{len(labels)} val pixels, {feats.shape[1]}-d features, '
          f'K = {num_classes}')
    print(f'NMI(feature clusters, classes)    = '
          f'{normalized_mutual_info_score(labels, feat_clusters):.3f}')
    print(f'NMI(feature clusters, RGB clusters) = '
          f'{normalized_mutual_info_score(rgb_clusters, feat_clusters):.3f}')
    print(f'NMI(RGB clusters, classes)        = '
          f'{normalized_mutual_info_score(labels, rgb_clusters):.3f}')
    print(f'linear probe pixel accuracy (uses labels: a diagnostic) = '
          f'{probe.score(feats[test], labels[test]):.3f}')


if __name__ == '__main__':
    main()
