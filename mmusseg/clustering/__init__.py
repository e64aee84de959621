from .faiss_kmeans import assign_to_centroids, faiss_kmeans
from .minibatch_kmeans import DistributedMiniBatchKMeans
from .sampling import subsample_pixels

__all__ = [
    'assign_to_centroids', 'faiss_kmeans', 'DistributedMiniBatchKMeans',
    'subsample_pixels'
]
