from .non_parametric_loop import NonParametricTrainLoop

__all__ = ['NonParametricTrainLoop']
