from .dense_crf import DenseCRF

__all__ = ['DenseCRF']
