from .image_clustering_loop import ImageClusteringLoop
from .non_parametric_loop import NonParametricTrainLoop
from .pseudo_label_loop import PseudoLabelLoop

__all__ = ['ImageClusteringLoop', 'NonParametricTrainLoop', 'PseudoLabelLoop']
