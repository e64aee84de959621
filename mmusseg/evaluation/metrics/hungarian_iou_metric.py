"""Unsupervised segmentation metric: Hungarian-matched mIoU and accuracy."""
import json
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import MessageHub, print_log
from mmengine.utils import mkdir_or_exist
from mmseg.registry import METRICS
from prettytable import PrettyTable
from scipy.optimize import linear_sum_assignment

from mmusseg.clustering.matching import (hungarian_match, iou_and_accuracy,
                                         majority_match)

OVER_CLUSTERING = ('unmatched_wrong', 'drop_and_pool')


def drop_and_pool_scores(confusion: np.ndarray):
    """STEGO's scores with K > C clusters (mhamilton723/STEGO,
    ``src/utils.py``, ``UnsupervisedMetrics`` with ``extra_clusters``).

    Pixels predicted as a cluster >= C are dropped. Classes are matched to
    clusters by the Hungarian algorithm; the clusters that the matching in
    the other orientation (clusters x classes) leaves out are pooled into
    an "Extra" row, whose IoU (0, or NaN without pixels) enters the mean.
    Both matchings are scipy's, on the same matrices as STEGO's.

    Args:
        confusion (np.ndarray): (C, K) GT class x cluster counts, K > C.

    Returns:
        tuple: (C + 1,) IoU (classes, then Extra), (C,) per-class accuracy
        (TP / kept GT pixels), pixel accuracy, and the (K,) class of each
        cluster (-1 when unmatched).
    """
    num_classes, num_clusters = confusion.shape
    kept = confusion.astype(np.int64).copy()
    kept[:, num_classes:] = 0
    _, cluster_of_class = linear_sum_assignment(kept, maximize=True)
    matched_clusters, _ = linear_sum_assignment(kept.T, maximize=True)
    unmatched = sorted(set(range(num_clusters)) - set(matched_clusters))
    table = np.zeros((num_classes + 1, num_classes + 1), dtype=np.float64)
    table[:num_classes, :num_classes] = kept[:, cluster_of_class]
    table[:num_classes, num_classes] = kept[:, unmatched].sum(axis=1)
    tp = np.diag(table)
    with np.errstate(invalid='ignore', divide='ignore'):
        iou = tp / (table.sum(0) + table.sum(1) - tp)
        acc = tp[:num_classes] / table[:num_classes].sum(1)
    total = table.sum()
    mapping = np.full(num_clusters, -1, dtype=np.int64)
    mapping[cluster_of_class] = np.arange(num_classes)
    return iou, acc, (tp.sum() / total if total else float('nan')), mapping


@METRICS.register_module()
class HungarianIoUMetric(BaseMetric):
    """mIoU and pixel accuracy after matching clusters to classes.

    The community protocol of COCO-Stuff-27 and Cityscapes-27: one
    confusion matrix (GT class x predicted cluster) over the WHOLE split,
    ignore pixels skipped, then clusters are matched to classes

    - one-to-one by the Hungarian algorithm (``mIoU``, ``aAcc``); with
      K > C the unmatched clusters count as wrong;
    - many-to-one by majority vote (``mIoU_m2o``, ``aAcc_m2o``), the usual
      over-clustering score; equal to one-to-one when no cluster is merged.

    With ``over_clustering='drop_and_pool'`` and K > C, ``mIoU`` and
    ``aAcc`` are STEGO's instead (:func:`drop_and_pool_scores`: pixels
    predicted >= C dropped, unmatched clusters pooled into an "Extra" row),
    to compare over-clustering numbers with published STEGO ones.

    When ``dataset_meta`` has ``thing_classes``, thing/stuff partial scores
    (``mIoU_things``, ``mIoU_stuff``, ``aAcc_things``, ``aAcc_stuff``) are
    computed over GT thing / stuff classes (PiCIE indexes them by predicted
    cluster, a bug not reproduced here). Values are percentages.

    ``process`` stores exactly one confusion matrix per sample, so
    mmengine's result collection, which truncates the gathered results to
    the dataset size, drops the padded duplicates of a distributed sampler:
    the score is exact in any number of processes.

    After evaluation (rank 0), :attr:`cluster_to_class` and
    :attr:`cluster_to_class_m2o` hold the (K,) matching (class id, -1 when
    unmatched) and :attr:`confusion` the (C, K) matrix. The one-to-one
    matching is also published in the current mmengine ``MessageHub`` as
    the runtime info ``'cluster_to_class'`` (a list), where
    :class:`mmusseg.visualization.ClusterSegLocalVisualizer` finds it to
    colour clusters by their matched class in the next drawings.

    Args:
        num_clusters (int, optional): K. None takes it from the channels of
            the first sample's ``seg_logits``. Defaults to None.
        ignore_index (int): GT value to skip. Defaults to 255.
        many_to_one (bool): Also report many-to-one scores.
            Defaults to True.
        over_clustering (str): How K > C clusters are scored one-to-one:
            ``'unmatched_wrong'`` (unmatched clusters' pixels count as
            wrong) or ``'drop_and_pool'`` (STEGO's). Defaults to
            ``'unmatched_wrong'``.
        output_dir (str, optional): Rank 0 writes ``hungarian_matching.json``
            (matchings, confusion matrix, per-class scores) there.
            Defaults to None.
        collect_device (str): 'cpu' or 'gpu'. Defaults to 'cpu'.
        prefix (str, optional): Prefix of the metric names.
            Defaults to None.
    """

    def __init__(self,
                 num_clusters: Optional[int] = None,
                 ignore_index: int = 255,
                 many_to_one: bool = True,
                 over_clustering: str = 'unmatched_wrong',
                 output_dir: Optional[str] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.num_clusters = num_clusters
        self.ignore_index = ignore_index
        self.many_to_one = many_to_one
        if over_clustering not in OVER_CLUSTERING:
            raise ValueError(f'HungarianIoUMetric.over_clustering must be '
                             f'one of {OVER_CLUSTERING}, got '
                             f'{over_clustering!r}.')
        self.over_clustering = over_clustering
        self.output_dir = output_dir
        self.cluster_to_class: Optional[np.ndarray] = None
        self.cluster_to_class_m2o: Optional[np.ndarray] = None
        self.confusion: Optional[np.ndarray] = None

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Accumulate one (C, K) confusion matrix per sample."""
        num_classes = len(self.dataset_meta['classes'])
        for sample in data_samples:
            if self.num_clusters is None:
                if 'seg_logits' not in sample:
                    raise ValueError(
                        'HungarianIoUMetric cannot infer the number of '
                        'clusters: set num_clusters in the evaluator config.')
                self.num_clusters = int(sample['seg_logits']['data'].shape[0])
            if 'gt_sem_seg' not in sample:
                raise ValueError(
                    f'HungarianIoUMetric needs labels, but '
                    f'{sample.get("img_path", "a sample")} has no '
                    f'gt_sem_seg; evaluate on a labelled split.')
            pred = sample['pred_sem_seg']['data'].squeeze().long()
            gt = sample['gt_sem_seg']['data'].squeeze().to(pred.device).long()
            if pred.shape != gt.shape:
                raise ValueError(
                    f'Prediction {tuple(pred.shape)} and label '
                    f'{tuple(gt.shape)} sizes differ for '
                    f'{sample.get("img_path")}.')
            valid = gt != self.ignore_index
            pred, gt = pred[valid], gt[valid]
            k = self.num_clusters
            if pred.numel() and (pred.min() < 0 or pred.max() >= k):
                raise ValueError(
                    f'Predicted cluster ids must lie in [0, {k}), got '
                    f'{int(pred.min())}..{int(pred.max())} for '
                    f'{sample.get("img_path")}; check num_clusters.')
            if gt.numel() and gt.max() >= num_classes:
                raise ValueError(
                    f'Label ids must lie in [0, {num_classes}) or be '
                    f'{self.ignore_index}, got {int(gt.max())} in '
                    f'{sample.get("seg_map_path")}.')
            conf = torch.bincount(gt * k + pred, minlength=num_classes * k)
            self.results.append(conf.reshape(num_classes, k).cpu().numpy())

    def compute_metrics(self, results: List[np.ndarray]) -> Dict[str, float]:
        """Match clusters to classes on the split's confusion matrix."""
        confusion = np.sum(results, axis=0).astype(np.int64)
        classes = list(self.dataset_meta['classes'])
        self.confusion = confusion
        if (self.over_clustering == 'drop_and_pool'
                and confusion.shape[1] > confusion.shape[0]):
            iou_extra, acc, a_acc, self.cluster_to_class = \
                drop_and_pool_scores(confusion)
            metrics = dict(mIoU=np.nanmean(iou_extra), aAcc=a_acc)
            iou = iou_extra[:-1]
        else:
            self.cluster_to_class = hungarian_match(confusion)
            iou, acc, a_acc = iou_and_accuracy(confusion,
                                               self.cluster_to_class)
            metrics = dict(mIoU=np.nanmean(iou), aAcc=a_acc)
        if self.many_to_one:
            self.cluster_to_class_m2o = majority_match(confusion)
            iou_m2o, _, a_acc_m2o = iou_and_accuracy(
                confusion, self.cluster_to_class_m2o)
            metrics.update(mIoU_m2o=np.nanmean(iou_m2o), aAcc_m2o=a_acc_m2o)
        things = self.dataset_meta.get('thing_classes')
        if things is not None:
            unknown = set(things) - set(classes)
            if unknown:
                raise ValueError(f'thing_classes {sorted(unknown)} are not '
                                 f'among the dataset classes.')
            is_thing = np.array([c in things for c in classes])
            gt_pixels = confusion.sum(1)
            tp_per_class = np.nan_to_num(acc) * gt_pixels
            for name, mask in (('things', is_thing), ('stuff', ~is_thing)):
                metrics[f'mIoU_{name}'] = (np.nanmean(iou[mask])
                                           if mask.any() else np.nan)
                pixels = gt_pixels[mask].sum()
                metrics[f'aAcc_{name}'] = (tp_per_class[mask].sum() / pixels
                                           if pixels else np.nan)
        metrics = {
            key: round(float(value) * 100, 2)
            for key, value in metrics.items()
        }
        self._log_table(classes, iou, acc)
        self._share_matching()
        if self.output_dir is not None:
            self._dump(classes, iou, acc, metrics)
        return metrics

    def _share_matching(self) -> None:
        """Publish the one-to-one matching for whoever draws clusters."""
        MessageHub.get_current_instance().update_info(
            'cluster_to_class', self.cluster_to_class.tolist(),
            resumed=False)

    def _log_table(self, classes: List[str], iou: np.ndarray,
                   acc: np.ndarray) -> None:
        cluster_of = {int(c): k for k, c in enumerate(self.cluster_to_class)
                      if c >= 0}
        table = PrettyTable(['Class', 'IoU', 'Acc', 'Cluster'])
        for c, name in enumerate(classes):
            table.add_row([
                name,
                round(float(iou[c]) * 100, 2),
                round(float(acc[c]) * 100, 2),
                cluster_of.get(c, '-')
            ])
        print_log('per class results (Hungarian one-to-one):\n' +
                  table.get_string(), logger='current')

    def _dump(self, classes, iou, acc, metrics) -> None:
        mkdir_or_exist(self.output_dir)
        record = dict(
            metrics=metrics,
            classes=classes,
            cluster_to_class=self.cluster_to_class.tolist(),
            cluster_to_class_m2o=(None if self.cluster_to_class_m2o is None
                                  else self.cluster_to_class_m2o.tolist()),
            confusion=self.confusion.tolist(),
            per_class_iou=[None if np.isnan(v) else float(v) for v in iou],
            per_class_acc=[None if np.isnan(v) else float(v) for v in acc])
        with open(osp.join(self.output_dir, 'hungarian_matching.json'),
                  'w') as f:
            json.dump(record, f, indent=1)
