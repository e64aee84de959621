"""SwAV's swapped prediction over multi-crop views, with a feature queue,
built on mmpretrain's ``SwAVLoss``."""
from typing import List, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine import MessageHub
from mmengine.dist import all_reduce, get_world_size
from mmpretrain.models.losses import SwAVLoss
from torch import Tensor


@torch.no_grad()
def sinkhorn(scores: Tensor, epsilon: float, iterations: int) -> Tensor:
    """Equipartitioned soft codes of (B, K) prototype ``scores``,
    Sinkhorn-Knopp over the batch of every rank (each rank keeps its rows).

    Every iteration makes each prototype take 1/K of the total mass (sums
    all-reduced across ranks) and each sample 1/B; the returned rows sum to
    one. This is SwAV's ``distributed_sinkhorn`` (facebookresearch/swav,
    as PASS's ``main_pretrain.py`` uses it); mmpretrain's
    ``distributed_sinkhorn`` all-reduces the prototype sums only when one
    of them is zero, so on several ranks each rank equipartitions its own
    batch instead of the global one.
    """
    q = torch.exp(scores.float() / epsilon).t()  # K x B
    total_b = q.shape[1] * get_world_size()
    k = q.shape[0]
    total = q.sum()
    all_reduce(total)
    q /= total
    for _ in range(iterations):
        rows = q.sum(dim=1, keepdim=True)
        all_reduce(rows)
        q /= rows * k
        q /= q.sum(dim=0, keepdim=True) * total_b
    return (q * total_b).t()


class MultiCropSwAV(SwAVLoss):
    """Prototypes, queue and loss of SwAV (Caron et al., 2020) as PASS uses
    them in its first two stages: mmpretrain's ``SwAVLoss`` (its
    prototypes, temperature and swapped prediction, which it equals on one
    rank) plus what PASS needs:

    - :func:`sinkhorn` with the prototype sums all-reduced across ranks;
    - the codes returned, and :meth:`predict` with detached prototypes
      (:meth:`scores`), for PASS's deep-to-shallow loss;
    - the queue started at an epoch and the prototypes frozen for the
      first iterations, read from mmengine's message hub (mmpretrain does
      these in hooks bound to its ``SwAV`` model's layout).

    For each crop in ``crops_for_assign`` the codes are Sinkhorn
    assignments of its prototype scores (with the queued embeddings of
    earlier batches in front once the queue is full); every other crop
    predicts them through ``softmax(scores / temperature)``. The queue
    starts at epoch ``queue_start_epoch`` (from mmengine's message hub)
    and holds ``queue_length / world_size`` embeddings per rank and
    assigned crop. Prototypes get no gradient during the first
    ``freeze_prototypes_iters`` iterations; call
    :meth:`normalize_prototypes` before every step. The queue is not
    saved in checkpoints (it depends on the world size and refills in
    ``queue_length / batch`` iterations after a resume; the reference saves
    one file per rank).

    Args:
        feat_dim (int): Embedding dimension. Defaults to 128.
        num_prototypes (int): Prototypes. Defaults to 500.
        crops_for_assign (Sequence[int]): Crops whose codes are targets.
            Defaults to (0, 1).
        temperature (float): Softmax temperature. Defaults to 0.1.
        epsilon (float): Sinkhorn regularisation. Defaults to 0.05.
        sinkhorn_iterations (int): Defaults to 3.
        queue_length (int): Queue size over all ranks (0: none); rounded
            down to a multiple of ``batch_size`` x world size.
            Defaults to 0.
        batch_size (int): Per-rank batch size, for the rounding.
            Defaults to 32.
        queue_start_epoch (int): First epoch with a queue. Defaults to 0.
        freeze_prototypes_iters (int): Defaults to 0.
    """

    def __init__(self,
                 feat_dim: int = 128,
                 num_prototypes: int = 500,
                 crops_for_assign: Sequence[int] = (0, 1),
                 temperature: float = 0.1,
                 epsilon: float = 0.05,
                 sinkhorn_iterations: int = 3,
                 queue_length: int = 0,
                 batch_size: int = 32,
                 queue_start_epoch: int = 0,
                 freeze_prototypes_iters: int = 0) -> None:
        super().__init__(
            feat_dim=feat_dim,
            sinkhorn_iterations=sinkhorn_iterations,
            epsilon=epsilon,
            temperature=temperature,
            crops_for_assign=list(crops_for_assign),
            num_prototypes=num_prototypes)
        self.crops_for_assign = tuple(crops_for_assign)
        self.queue_start_epoch = queue_start_epoch
        self.freeze_prototypes_iters = freeze_prototypes_iters
        world = get_world_size()
        queue_length -= queue_length % (batch_size * world)
        # SwAVLoss's queue is a plain attribute that mmpretrain's SwAVHook
        # fills; here it is a buffer, sized now and filled from its epoch
        del self.queue
        self.register_buffer(
            'queue',
            torch.zeros(len(self.crops_for_assign), queue_length // world,
                        feat_dim),
            persistent=False)

    @torch.no_grad()
    def normalize_prototypes(self) -> None:
        """L2-normalise every prototype (SwAV does so before each step)."""
        weight = self.prototypes.weight
        weight.copy_(F.normalize(weight, dim=1))

    def scores(self, embeddings: Tensor, detach: bool = False) -> Tensor:
        """(N, K) prototype scores of L2-normalised ``embeddings``; with
        ``detach`` (or while the prototypes are frozen) no gradient reaches
        the prototypes."""
        iteration = MessageHub.get_current_instance().get_info('iter', 0)
        weight = self.prototypes.weight
        if detach or iteration < self.freeze_prototypes_iters:
            weight = weight.detach()
        return embeddings @ weight.t()

    @torch.no_grad()
    def codes(self, embeddings: Tensor, scores: Tensor,
              batch_size: int) -> List[Tensor]:
        """Sinkhorn codes of each assigned crop, updating the queue.

        Args:
            embeddings (Tensor): (num_crops * B, D) embeddings, crop-major.
            scores (Tensor): Their (num_crops * B, K) scores.
            batch_size (int): B.
        """
        epoch = MessageHub.get_current_instance().get_info('epoch', 0)
        use_queue = self.queue.shape[1] > 0 and epoch >= (
            self.queue_start_epoch)
        codes = []
        for i, crop in enumerate(self.crops_for_assign):
            part = slice(crop * batch_size, (crop + 1) * batch_size)
            out = scores[part].detach()
            if use_queue:
                if bool(self.queue[i, -1].any()):  # full: use it
                    out = torch.cat(
                        [self.queue[i] @ self.prototypes.weight.t(), out])
                self.queue[i, batch_size:] = self.queue[
                    i, :-batch_size].clone()
                self.queue[i, :batch_size] = embeddings[part].detach()
            codes.append(
                sinkhorn(out, self.epsilon,
                         self.sinkhorn_iterations)[-batch_size:])
        return codes

    def predict(self, codes: List[Tensor], scores: Tensor, batch_size: int,
                crops: Sequence[int]) -> Tensor:
        """Mean cross-entropy of ``crops``' scores predicting the codes of
        each assigned crop (a crop does not predict its own codes)."""
        loss = 0
        for q, assigned in zip(codes, self.crops_for_assign):
            others = [c for c in crops if c != assigned]
            sub = 0
            for crop in others:
                logits = scores[crop * batch_size:(crop + 1) * batch_size]
                sub = sub - torch.mean(torch.sum(
                    q * F.log_softmax(logits / self.temperature, dim=1),
                    dim=1))
            loss = loss + sub / len(others)
        return loss / len(self.crops_for_assign)

    def forward(self, embeddings: Tensor,
                batch_size: int) -> Tuple[Tensor, List[Tensor]]:
        """SwAV loss of crop-major (num_crops * B, D) normalised embeddings,
        and the codes (for targets of other heads)."""
        scores = self.scores(embeddings)
        codes = self.codes(embeddings, scores, batch_size)
        num_crops = embeddings.shape[0] // batch_size
        return self.predict(codes, scores, batch_size,
                            range(num_crops)), codes
