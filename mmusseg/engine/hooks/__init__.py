from .clustering_hook import ClusteringHook
from .knn_hook import KNNHook
from .pyramid_label_hook import PyramidLabelHook

__all__ = ['ClusteringHook', 'KNNHook', 'PyramidLabelHook']
