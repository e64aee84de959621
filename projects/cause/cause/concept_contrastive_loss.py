"""CAUSE's concept-wise contrastive loss with a bank of teacher features."""
from typing import List, Optional

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import Tensor, nn

from .clusterbook import ConceptClusterbook


def _positive_mean(logits: Tensor, positive: Tensor,
                   negative: Tensor) -> Optional[Tensor]:
    """Mean over the positive pairs of the InfoNCE terms whose denominators
    run over the positive and negative pairs of each row (None without a
    positive pair: the reference's mean over nothing is NaN)."""
    num_positive = positive.sum()
    if num_positive == 0:
        return None
    shifted = logits - logits.max(dim=1, keepdim=True)[0].detach()
    selected = (positive | negative).to(shifted.dtype)
    denominator = (shifted.exp() * selected).sum(dim=1, keepdim=True)
    # rows without any selected pair have no positive either: keep them
    # finite, their terms are masked out
    terms = torch.where(positive,
                        denominator.clamp_min(1e-30).log() - shifted,
                        torch.zeros_like(shifted))
    return terms.sum() / num_positive


@MODELS.register_module()
class ConceptContrastiveLoss(nn.Module):
    """Concept-wise InfoNCE between student and EMA-teacher projections.

    CAUSE's front-door objective (reference
    ``Cluster.contrastive_ema_with_codebook_bank``). Every token is
    quantised to its concept in the frozen clusterbook. For an anchor (a
    student projection), a teacher projection is a *positive* when the
    cosine of their concepts exceeds ``pos_thresh`` and a *negative* when it
    is below ``neg_thresh``; pairs in between are left out. The anchor is
    never its own positive. For each image of the batch, the loss is the
    mean over its positive pairs of ``-log(exp(s_p / T) / sum_{p, n}
    exp(s / T))`` with teacher targets from

    1. every token of the batch, and
    2. the bank: up to ``bank_size`` teacher projections kept per concept
       from earlier steps (a random ``bank_keep_ratio`` of each step's
       tokens of that concept, oldest dropped first),

    and the two terms of all images are averaged. The bank lives in memory
    only (as in the reference it is not checkpointed; a resumed run starts
    with an empty one). Call :meth:`update_bank` after each step.

    Args:
        temperature (float): T. Defaults to 0.07.
        pos_thresh (float): Concept cosine above which a pair is
            positive. Defaults to 0.3.
        neg_thresh (float): Concept cosine below which a pair is negative.
            Defaults to 0.1.
        bank_size (int): Teacher projections kept per concept.
            Defaults to 100.
        bank_keep_ratio (float): Share of a step's tokens of a concept
            added to the bank. Defaults to 0.5.
        loss_weight (float): Multiplier of the loss. Defaults to 1.0.
    """

    def __init__(self,
                 temperature: float = 0.07,
                 pos_thresh: float = 0.3,
                 neg_thresh: float = 0.1,
                 bank_size: int = 100,
                 bank_keep_ratio: float = 0.5,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if not neg_thresh <= pos_thresh:
            raise ValueError(f'ConceptContrastiveLoss needs neg_thresh <= '
                             f'pos_thresh, got {neg_thresh} > {pos_thresh}.')
        self.temperature = temperature
        self.pos_thresh = pos_thresh
        self.neg_thresh = neg_thresh
        self.bank_size = bank_size
        self.bank_keep_ratio = bank_keep_ratio
        self.loss_weight = loss_weight
        self.bank: Optional[List[Tensor]] = None

    def reset_bank(self, num_concepts: int) -> None:
        """Empty the bank (one list of teacher projections per concept)."""
        self.bank = [torch.empty(0) for _ in range(num_concepts)]

    def bank_entries(self, clusterbook: ConceptClusterbook):
        """The bank's (M, D) teacher projections and their (M, C) concept
        vectors, in concept order (empty tensors when the bank is)."""
        if self.bank is None:
            self.reset_bank(clusterbook.num_concepts)
        kept = [(k, v) for k, v in enumerate(self.bank) if len(v)]
        if not kept:
            return None, None
        projections = torch.cat([v for _, v in kept])
        concepts = torch.cat([
            clusterbook.concepts[k].detach().expand(len(v), -1)
            for k, v in kept
        ])
        return projections, concepts

    def forward(self, feats: Tensor, student: Tensor, teacher: Tensor,
                clusterbook: ConceptClusterbook) -> Tensor:
        """The loss.

        Args:
            feats (Tensor): (B, C, H, W) backbone features, which select
                the concepts.
            student (Tensor): (B, D, H, W) student projections (anchors).
            teacher (Tensor): (B, D, H, W) teacher projections (targets);
                no gradient flows into them.
            clusterbook (ConceptClusterbook): The frozen clusterbook.

        Returns:
            Tensor: The scalar loss times ``loss_weight``.
        """
        num_images = feats.shape[0]
        concepts = clusterbook.quantize(feats).detach()
        concepts = F.normalize(concepts.flatten(2).transpose(1, 2),
                               dim=2).flatten(0, 1)  # (B*N, C)
        anchors = F.normalize(student.flatten(2).transpose(1, 2),
                              dim=2).flatten(0, 1)
        targets = F.normalize(teacher.detach().flatten(2).transpose(1, 2),
                              dim=2).flatten(0, 1)
        tokens = anchors.shape[0] // num_images
        bank_proj, bank_concepts = self.bank_entries(clusterbook)
        if bank_proj is not None:
            bank_proj = F.normalize(bank_proj.to(anchors), dim=1)
            bank_concepts = F.normalize(bank_concepts, dim=1)
        terms = []
        for image in range(num_images):  # bounds memory to N x (BN + M)
            rows = slice(image * tokens, (image + 1) * tokens)
            sim = concepts[rows] @ concepts.t()
            positive = sim > self.pos_thresh
            positive[:, rows].fill_diagonal_(False)  # not its own positive
            terms.append(_positive_mean(
                anchors[rows] @ targets.t() / self.temperature, positive,
                sim < self.neg_thresh))
            if bank_proj is not None:
                sim = concepts[rows] @ bank_concepts.t()
                terms.append(_positive_mean(
                    anchors[rows] @ bank_proj.t() / self.temperature,
                    sim > self.pos_thresh, sim < self.neg_thresh))
        terms = [term for term in terms if term is not None]
        if not terms:
            return student.sum() * 0
        return self.loss_weight * torch.stack(terms).mean()

    @torch.no_grad()
    def update_bank(self, feats: Tensor, teacher: Tensor,
                    clusterbook: ConceptClusterbook) -> None:
        """Add a random ``bank_keep_ratio`` of each concept's teacher
        projections (concepts in increasing order, one
        ``torch.randperm`` per concept), keeping the newest ``bank_size``.

        Args:
            feats (Tensor): (B, C, H, W) features selecting the concepts.
            teacher (Tensor): (B, D, H, W) teacher projections.
            clusterbook (ConceptClusterbook): The frozen clusterbook.
        """
        if self.bank is None:
            self.reset_bank(clusterbook.num_concepts)
        ids = clusterbook.assign(feats).flatten()
        projections = teacher.detach().flatten(2).transpose(1, 2).flatten(
            0, 1)
        for concept in ids.unique().tolist():
            keys = projections[ids == concept]
            keys = keys[torch.randperm(len(keys))][:int(
                len(keys) * self.bank_keep_ratio)]
            merged = torch.cat([self.bank[concept].to(keys), keys])
            self.bank[concept] = merged[-self.bank_size:]
