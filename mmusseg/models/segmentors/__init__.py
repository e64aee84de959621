from .base_unsupervised import BaseUnsupervisedSegmentor
from .capped_upsample import (CappedUpsampleEncoderDecoder,
                              capped_upsample_prediction)
from .cluster_segmentor import ClusterSegmentor
from .clusterable import ClusterableMixin
from .pgg import PGG
from .picie import PiCIE
from .stego import STEGO

__all__ = [
    'BaseUnsupervisedSegmentor', 'CappedUpsampleEncoderDecoder',
    'ClusterableMixin', 'ClusterSegmentor', 'PGG', 'PiCIE', 'STEGO',
    'capped_upsample_prediction'
]
