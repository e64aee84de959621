from .image_clustering_loop import ImageClusteringLoop
from .mask_folder_test_loop import MaskFolderTestLoop
from .non_parametric_loop import NonParametricTrainLoop
from .pseudo_label_loop import PseudoLabelLoop

__all__ = [
    'ImageClusteringLoop', 'MaskFolderTestLoop', 'NonParametricTrainLoop',
    'PseudoLabelLoop'
]
