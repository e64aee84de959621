from .clustering_hook import ClusteringHook

__all__ = ['ClusteringHook']
