"""Clusters are drawn with their own colours, never dropped, and matched."""
import numpy as np
import torch
from mmengine.logging import MessageHub
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

import mmusseg  # noqa: F401
from mmusseg.evaluation.metrics import HungarianIoUMetric
from mmusseg.visualization import ClusterSegLocalVisualizer

CLASSES = ('a', 'b', 'c')
PALETTE = [[255, 0, 0], [0, 255, 0], [0, 0, 255]]


def make_visualizer(name):
    MessageHub.get_instance(f'hub_{name}')  # a fresh, current hub
    vis = ClusterSegLocalVisualizer.get_instance(name, alpha=1.0)
    vis.set_dataset_meta(classes=CLASSES, palette=PALETTE)
    return vis


def stripes(k=5, width=8, height=4):
    """A (1, H, k*width) prediction with one stripe per cluster id."""
    pred = np.repeat(np.arange(k), width)[None].repeat(height, 0)
    return torch.from_numpy(pred)[None]


def panel(drawn, index, width):
    return drawn[:, index * width:(index + 1) * width]


def test_every_cluster_is_coloured_when_k_exceeds_the_classes(tmp_path):
    vis = make_visualizer('vis_k')
    image = np.full((4, 40, 3), 7, np.uint8)
    sample = SegDataSample(pred_sem_seg=PixelData(data=stripes()))
    out = tmp_path / 'out.png'
    vis.add_datasample('x', image, sample, with_labels=False,
                       out_file=str(out))
    drawn = vis.get_image()
    assert drawn.shape == (4, 80, 3)  # image | clusters
    clusters = panel(drawn, 1, 40)
    colours = {tuple(clusters[0, 8 * i]) for i in range(5)}
    assert len(colours) == 5 and (7, 7, 7) not in colours
    assert out.exists()


def test_matched_panel_uses_class_colours_and_greys_unmatched():
    vis = make_visualizer('vis_match')
    vis.set_matching([2, -1, 0, 1, -1])
    image = np.zeros((4, 40, 3), np.uint8)
    sample = SegDataSample(pred_sem_seg=PixelData(data=stripes()))
    vis.add_datasample('x', image, sample, with_labels=False)
    matched = panel(vis.get_image(), 2, 40)
    expected = [PALETTE[2], [128] * 3, PALETTE[0], PALETTE[1], [128] * 3]
    for i, colour in enumerate(expected):
        assert list(matched[0, 8 * i]) == colour


def test_metric_and_visualizer_meet_only_in_the_message_hub():
    vis = make_visualizer('vis_metric')
    metric = HungarianIoUMetric(num_clusters=3)
    metric.dataset_meta = dict(classes=CLASSES)
    gt = torch.tensor([[0, 1, 2, 2]])
    pred = torch.tensor([[1, 2, 0, 0]])
    metric.process({}, [dict(pred_sem_seg=dict(data=pred[None]),
                             gt_sem_seg=dict(data=gt[None]))])
    metric.compute_metrics(metric.results)
    # cluster 1 covers class 0, cluster 2 class 1, cluster 0 class 2
    assert MessageHub.get_current_instance().get_info(
        'cluster_to_class') == [2, 0, 1]
    assert vis.cluster_to_class is None  # nothing was pushed into it
    image = np.zeros((4, 24, 3), np.uint8)
    sample = SegDataSample(pred_sem_seg=PixelData(data=stripes(k=3)))
    vis.add_datasample('x', image, sample, with_labels=False)
    matched = panel(vis.get_image(), 2, 24)
    for cluster, cls in enumerate([2, 0, 1]):
        assert list(matched[0, 8 * cluster]) == PALETTE[cls]
    # an explicit matching wins over the published one
    vis.set_matching([0, 1, 2])
    vis.add_datasample('x', image, sample, with_labels=False)
    matched = panel(vis.get_image(), 2, 24)
    assert [list(matched[0, 8 * k]) for k in range(3)] == PALETTE


def test_without_any_matching_only_clusters_are_drawn():
    vis = make_visualizer('vis_none')
    sample = SegDataSample(pred_sem_seg=PixelData(data=stripes(k=3)))
    vis.add_datasample('x', np.zeros((4, 24, 3), np.uint8), sample,
                       with_labels=False)
    assert vis.get_image().shape == (4, 48, 3)  # image | clusters
