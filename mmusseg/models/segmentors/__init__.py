from .base_unsupervised import BaseUnsupervisedSegmentor
from .cluster_segmentor import ClusterSegmentor
from .pgg import PGG
from .picie import PiCIE
from .stego import STEGO

__all__ = [
    'BaseUnsupervisedSegmentor', 'ClusterSegmentor', 'PGG', 'PiCIE', 'STEGO'
]
