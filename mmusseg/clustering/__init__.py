from .faiss_kmeans import assign_to_centroids, faiss_kmeans
from .foreground_labels import foreground_pseudo_labels
from .image_labels import image_pseudo_labels
from .knn import chunked_topk_cosine, distributed_knn
from .matching import (hungarian_match, iou_and_accuracy, majority_match,
                       matched_confusion)
from .minibatch_kmeans import DistributedMiniBatchKMeans
from .otsu import otsu_threshold
from .sampling import subsample_pixels

__all__ = [
    'assign_to_centroids', 'faiss_kmeans', 'chunked_topk_cosine',
    'distributed_knn', 'DistributedMiniBatchKMeans', 'image_pseudo_labels',
    'foreground_pseudo_labels', 'otsu_threshold',
    'subsample_pixels', 'hungarian_match', 'majority_match',
    'matched_confusion', 'iou_and_accuracy'
]
