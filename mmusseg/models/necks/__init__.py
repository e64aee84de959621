from .context_aware_embedding import ContextAwareEmbedding
from .image_conditioned import ImageConditionedNeck
from .lateral_fpn import LateralFPN

__all__ = ['ContextAwareEmbedding', 'ImageConditionedNeck', 'LateralFPN']
