from .context_aware_embedding import ContextAwareEmbedding
from .lateral_fpn import LateralFPN

__all__ = ['ContextAwareEmbedding', 'LateralFPN']
