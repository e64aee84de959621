"""A set of concept vectors learned by modularity maximisation."""
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor, nn

from .modularity import modularity_loss


@MODELS.register_module()
class ConceptClusterbook(BaseModule):
    """K concept vectors, assigned to features by cosine similarity.

    CAUSE uses two: the *concept clusterbook* (K = 2048 vectors in the
    backbone's feature space, the mediator of the front-door adjustment)
    and the *cluster probe* (K = number of clusters, in the code space).
    Both are trained by :func:`modularity_loss`. The vectors start uniform
    in ``[-1/K, 1/K]`` as in the reference.

    ``trained`` (a buffer saved in checkpoints) records that the vectors
    come from a finished mediator stage or from a converted release, so a
    later stage can refuse a random clusterbook.

    Args:
        num_concepts (int): K.
        channels (int): Dimension of the vectors.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self, num_concepts: int, channels: int,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if num_concepts < 1 or channels < 1:
            raise ValueError(f'ConceptClusterbook needs positive num_concepts '
                             f'and channels, got {num_concepts}, {channels}.')
        self.concepts = nn.Parameter(torch.empty(num_concepts, channels))
        nn.init.uniform_(self.concepts, -1.0 / num_concepts,
                         1.0 / num_concepts)
        self.register_buffer('trained', torch.zeros((), dtype=torch.bool))

    @property
    def num_concepts(self) -> int:
        """K."""
        return self.concepts.shape[0]

    def cosine(self, feats: Tensor) -> Tensor:
        """(B, K, H, W) cosine similarity of (B, C, H, W) features with
        every concept."""
        return torch.einsum('bchw,kc->bkhw', F.normalize(feats, dim=1),
                            F.normalize(self.concepts, dim=1))

    def assign(self, feats: Tensor) -> Tensor:
        """(B, H, W) index of each feature's most cosine-similar concept."""
        return self.cosine(feats).argmax(dim=1)

    def quantize(self, feats: Tensor) -> Tensor:
        """(B, C, H, W) map of the concept vector assigned to each feature."""
        return self.concepts[self.assign(feats)].permute(0, 3, 1, 2)

    def modularity_loss(self, feats: Tensor,
                        temperature: float = 0.1) -> Tensor:
        """:func:`modularity_loss` of (B, C, H, W) detached features."""
        return modularity_loss(self.concepts, feats, temperature)

    def load_concepts(self, path: str) -> None:
        """Load the vectors from a file and mark them trained.

        Args:
            path (str): The reference's ``modular.npy`` (a (K, C) array),
                or an mmengine checkpoint whose state dict holds
                ``clusterbook.concepts`` (a CAUSE mediator run).
        """
        if path.endswith('.npy'):
            concepts = torch.from_numpy(np.load(path))
        else:
            checkpoint = torch.load(path, map_location='cpu',
                                    weights_only=False)
            state = checkpoint.get('state_dict', checkpoint)
            if 'clusterbook.concepts' not in state:
                raise KeyError(f'{path} has no clusterbook.concepts: pass '
                               f'the checkpoint of a CAUSE mediator run or '
                               f"the reference's modular.npy.")
            concepts = state['clusterbook.concepts']
        if concepts.shape != self.concepts.shape:
            raise ValueError(f'{path} holds a {tuple(concepts.shape)} '
                             f'clusterbook; the model expects '
                             f'{tuple(self.concepts.shape)} (num_concepts, '
                             f'backbone channels).')
        with torch.no_grad():
            self.concepts.copy_(concepts)
        self.trained.fill_(True)
