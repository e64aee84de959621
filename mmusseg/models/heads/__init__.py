from .cluster_head import ClusterHead

__all__ = ['ClusterHead']
