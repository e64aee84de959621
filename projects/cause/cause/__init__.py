"""CAUSE (Kim et al., NeurIPS 2023) on mmusseg: register its modules.

Configs load it with
``custom_imports=dict(imports=['mmusseg', 'projects.cause.cause'])``.
"""
from .cause import CAUSE
from .cause_mediator import CAUSEMediator
from .cause_mlp_head import CAUSEMLPHead
from .cause_tr_head import CAUSETRHead
from .clusterbook import ConceptClusterbook
from .concept_contrastive_loss import ConceptContrastiveLoss
from .modularity import modularity_loss, modularity_matrix, sample_grid

__all__ = [
    'CAUSE', 'CAUSEMediator', 'CAUSEMLPHead', 'CAUSETRHead',
    'ConceptClusterbook', 'ConceptContrastiveLoss', 'modularity_loss',
    'modularity_matrix', 'sample_grid'
]
