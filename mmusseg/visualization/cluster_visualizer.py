"""Draw unsupervised predictions: raw clusters and matched classes."""
from typing import List, Optional, Sequence, Tuple

import mmcv
import numpy as np
from mmengine.logging import MessageHub
from mmengine.structures import PixelData
from mmseg.registry import VISUALIZERS
from mmseg.structures import SegDataSample
from mmseg.visualization import SegLocalVisualizer

from mmusseg.datasets.palette import make_palette

UNMATCHED_COLOUR = [128, 128, 128]


@VISUALIZERS.register_module()
class ClusterSegLocalVisualizer(SegLocalVisualizer):
    """A ``SegLocalVisualizer`` for cluster predictions.

    mmseg's visualizer colours a prediction with the dataset's class palette
    and silently drops ids beyond the class list, which is wrong for
    clusters: cluster 3 is not class 3, and K may exceed the number of
    classes. This one draws, side by side,

    - the image;
    - the ground truth with the dataset's classes, when present;
    - the raw clusters, every one of the K with its own colour and the name
      ``c{k}``;
    - when a cluster-to-class matching is known, the clusters in their
      matched class's colour and name; unmatched clusters are grey and
      named ``unmatched``. The matching is the one given to
      :meth:`set_matching`, else the latest one published in the current
      mmengine ``MessageHub`` as the runtime info ``'cluster_to_class'``
      (:class:`mmusseg.evaluation.HungarianIoUMetric` publishes it after
      every evaluation).

    Use it in a config as ``visualizer=dict(type='ClusterSegLocalVisualizer',
    ...)``; ``SegVisualizationHook`` and ``tools/test.py --show-dir`` then
    draw clusters during validation and testing.

    Args:
        name (str): Instance name. Defaults to 'visualizer'.
        num_clusters (int, optional): K. None takes it from the sample's
            ``seg_logits`` (or the largest predicted id). Defaults to None.
        **kwargs: ``SegLocalVisualizer`` arguments (``vis_backends``,
            ``save_dir``, ``alpha``...).
    """

    def __init__(self,
                 name: str = 'visualizer',
                 num_clusters: Optional[int] = None,
                 **kwargs) -> None:
        super().__init__(name=name, **kwargs)
        self.num_clusters = num_clusters
        self.cluster_to_class: Optional[np.ndarray] = None

    def set_matching(self, cluster_to_class: Sequence[int]) -> None:
        """Set the (K,) cluster-to-class matching (-1: unmatched); it
        takes precedence over the one published in the ``MessageHub``."""
        self.cluster_to_class = np.asarray(cluster_to_class, dtype=np.int64)

    def current_matching(self) -> Optional[np.ndarray]:
        """The (K,) matching to draw: :meth:`set_matching`'s, else the
        ``MessageHub``'s ``'cluster_to_class'``, else None."""
        if self.cluster_to_class is not None:
            return self.cluster_to_class
        published = MessageHub.get_current_instance().get_info(
            'cluster_to_class')
        return (None if published is None else np.asarray(
            published, dtype=np.int64))

    def _num_clusters(self, sample: SegDataSample,
                      matching: Optional[np.ndarray]) -> int:
        largest = int(sample.pred_sem_seg.data.max()) + 1
        k = self.num_clusters
        if k is None and 'seg_logits' in sample:
            k = int(sample.seg_logits.data.shape[0])
        if k is None and matching is not None:
            k = len(matching)
        return max(k or 0, largest)

    def cluster_legend(self, k: int) -> Tuple[List[str], List[List[int]]]:
        """Names and colours of K raw clusters."""
        return [f'c{i}' for i in range(k)], make_palette(k)

    def matched_prediction(self, pred: np.ndarray,
                           matching: np.ndarray) -> Tuple[
                               np.ndarray, List[str], List[List[int]]]:
        """Map cluster ids to matched class ids through the (K,)
        ``matching``; unmatched clusters (and clusters beyond the
        matching) map to an extra 'unmatched' id."""
        classes = list(self.dataset_meta['classes'])
        palette = [list(c) for c in self.dataset_meta.get(
            'palette', make_palette(len(classes)))]
        lut = np.full(max(int(pred.max()) + 1, len(matching)),
                      len(classes), dtype=np.int64)
        matched = matching >= 0
        lut[np.flatnonzero(matched)] = matching[matched]
        return lut[pred], classes + ['unmatched'], palette + [
            UNMATCHED_COLOUR
        ]

    def add_datasample(self,
                       name: str,
                       image: np.ndarray,
                       data_sample: Optional[SegDataSample] = None,
                       draw_gt: bool = True,
                       draw_pred: bool = True,
                       show: bool = False,
                       wait_time: float = 0,
                       out_file: Optional[str] = None,
                       step: int = 0,
                       with_labels: Optional[bool] = True) -> None:
        """Draw image | GT | clusters | matched classes and show/save it.

        Arguments as ``SegLocalVisualizer.add_datasample``.
        """
        panels = [image]
        if data_sample is not None:
            if draw_gt and 'gt_sem_seg' in data_sample:
                classes = self.dataset_meta.get('classes')
                if classes is None:
                    raise ValueError('Drawing the ground truth needs the '
                                     "dataset's classes (dataset_meta).")
                palette = self.dataset_meta.get('palette',
                                                make_palette(len(classes)))
                panels.append(
                    self._draw_sem_seg(image, data_sample.gt_sem_seg,
                                       classes, palette, with_labels))
            if draw_pred and 'pred_sem_seg' in data_sample:
                matching = self.current_matching()
                names, colours = self.cluster_legend(
                    self._num_clusters(data_sample, matching))
                panels.append(
                    self._draw_sem_seg(image, data_sample.pred_sem_seg,
                                       names, colours, with_labels))
                if matching is not None and 'classes' in self.dataset_meta:
                    pred = data_sample.pred_sem_seg.data.cpu().numpy()
                    mapped, names, colours = self.matched_prediction(
                        pred, matching)
                    panels.append(
                        self._draw_sem_seg(image, PixelData(data=mapped),
                                           names, colours, with_labels))
        drawn = np.concatenate(panels, axis=1)
        self.set_image(drawn)
        if show:
            self.show(drawn, win_name=name, wait_time=wait_time)
        if out_file is not None:
            mmcv.imwrite(mmcv.rgb2bgr(drawn), out_file)
        else:
            self.add_image(name, drawn, step)
