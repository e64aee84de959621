from .inferencer import ClusterInferencer, InferResult, list_images

__all__ = ['ClusterInferencer', 'InferResult', 'list_images']
