from .clustering_hook import ClusteringHook
from .knn_hook import KNNHook

__all__ = ['ClusteringHook', 'KNNHook']
