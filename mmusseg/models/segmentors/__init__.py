from .base_unsupervised import BaseUnsupervisedSegmentor
from .cluster_segmentor import ClusterSegmentor

__all__ = ['BaseUnsupervisedSegmentor', 'ClusterSegmentor']
