"""Rebuild the seeded inputs of the CAUSE parity fixtures.

The fixtures under ``tests/fixtures/cause/`` are outputs of
ByungKwanLee/Causal-Unsupervised-Segmentation at the commit named in their
``README.json``, on the inputs described there; these helpers regenerate
the same inputs, and build the small CAUSE models that take them.
"""
import json
from typing import Dict, List, Tuple

import numpy as np
import torch
from mmseg.registry import MODELS
from mmseg.utils import register_all_modules

import projects.cause.cause  # noqa: F401
from helpers.runs import REPO_ROOT

register_all_modules()

FIXTURES = REPO_ROOT / 'tests' / 'fixtures' / 'cause'
# the fixtures' sizes: backbone tokens 16-d, code 8-d, projection 12-d,
# 5 classes/clusters, 10 concepts, 4x4 tokens
DIM, CODE, PROJ, CLASSES, CONCEPTS, TOKENS = 16, 8, 12, 5, 10, 16


def load(name: str) -> Dict[str, np.ndarray]:
    """One fixture's arrays."""
    with np.load(FIXTURES / name) as data:
        return {k: data[k] for k in data}


def meta() -> dict:
    """The fixtures' README.json."""
    return json.loads((FIXTURES / 'README.json').read_text())


def seeded_state(keys_shapes: List[Tuple[str, List[int]]], seed: int,
                 scale: float = 0.2) -> Dict[str, torch.Tensor]:
    """A state dict in the reference's key structure: one generator seeded
    with ``seed``, ``randn(shape) * scale`` for each key in order."""
    gen = torch.Generator().manual_seed(seed)
    return {key: torch.randn(shape, generator=gen) * scale
            for key, shape in keys_shapes}


def tokens_to_map(tokens: torch.Tensor) -> torch.Tensor:
    """(B, P, C) row-major tokens to a (B, C, sqrt P, sqrt P) map."""
    batch, num, channels = tokens.shape
    side = int(round(num**0.5))
    return tokens.transpose(1, 2).reshape(batch, channels, side, side)


def map_to_tokens(feats: torch.Tensor) -> torch.Tensor:
    """(B, C, H, W) map to (B, H * W, C) tokens."""
    return feats.flatten(2).transpose(1, 2)


def tiny_cause(head: str, **kwargs):
    """A CAUSE model of the fixtures' sizes (a 1-layer 16-d ViT, patch 8,
    so 32x32 inputs give the 4x4 tokens)."""
    head_cfg = (dict(type='CAUSETRHead', num_queries=TOKENS, code_dim=CODE)
                if head == 'tr' else dict(type='CAUSEMLPHead', code_dim=CODE))
    cfg = dict(
        type='CAUSE',
        backbone=dict(
            type='FrozenVisionTransformer',
            arch=dict(embed_dims=DIM, num_layers=1, num_heads=2,
                      feedforward_channels=32),
            patch_size=8,
            img_size=32),
        head=head_cfg,
        num_concepts=CONCEPTS,
        num_clusters=CLASSES,
        num_classes=CLASSES,
        projection_dim=PROJ,
        sample_before_head=head == 'mlp',
        data_preprocessor=dict(
            type='SegDataPreProcessor',
            mean=[123.675, 116.28, 103.53],
            std=[58.395, 57.12, 57.375],
            bgr_to_rgb=True))
    cfg.update(kwargs)
    return MODELS.build(cfg)
