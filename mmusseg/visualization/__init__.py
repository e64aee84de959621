from .cluster_visualizer import ClusterSegLocalVisualizer

__all__ = ['ClusterSegLocalVisualizer']
