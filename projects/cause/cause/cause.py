"""CAUSE: causal unsupervised semantic segmentation (Kim et al., 2023)."""
import copy
from typing import Optional

import torch
import torch.nn.functional as F
import torchvision.transforms.functional as TF
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import (ConfigType, OptConfigType, OptMultiConfig,
                         OptSampleList, SampleList)
from torch import Tensor, nn

from mmusseg.models.heads import LinearProbe
from mmusseg.models.segmentors.base_unsupervised import \
    BaseUnsupervisedSegmentor
from .clusterbook import ConceptClusterbook
from .modularity import sample_grid

STAGES = ('front_door', 'probe')
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def reference_crf_image(rgb: Tensor) -> Tensor:
    """The image CAUSE's DenseCRF sees, from the (B, H, W, 3) uint8 RGB.

    The reference (``dense_crf`` in ``utils/utils.py``) receives the
    ImageNet-normalised [0, 1] tensor, undoes the normalisation with two
    ``Normalize`` transforms (``invTrans``), truncates ``255 x`` to uint8
    (``to_pil_image``) and reverses the channels to BGR. The float32 round
    trip leaves some values just below an integer, which truncation
    lowers by one; and the CRF's permutohedral lattice is not invariant to
    the channel order. This repeats both, so the CRF gets its pixels.

    Returns:
        Tensor: (B, H, W, 3) uint8 BGR images.
    """
    image = TF.normalize(rgb.permute(0, 3, 1, 2).float() / 255,
                         IMAGENET_MEAN, IMAGENET_STD)
    image = TF.normalize(image, [0.0] * 3, [1 / s for s in IMAGENET_STD])
    image = TF.normalize(image, [-m for m in IMAGENET_MEAN], [1.0] * 3)
    return image.mul(255).to(torch.uint8).flip(1).permute(0, 2, 3,
                                                           1).contiguous()


@MODELS.register_module()
class CAUSE(BaseUnsupervisedSegmentor):
    """CAUSE's front-door and cluster-probe stages, and its inference.

    The concept clusterbook comes from :class:`CAUSEMediator` (load it with
    ``clusterbook_checkpoint``, or ``load_from`` a CAUSE checkpoint) and
    stays frozen. Two training stages follow (ByungKwanLee/
    Causal-Unsupervised-Segmentation):

    - ``stage='front_door'`` (``train_front_door_{mlp,tr}.py``): a student
      head and projection are trained with
      :class:`ConceptContrastiveLoss` against an EMA teacher (head and
      projection), positives and negatives chosen by the concepts of the
      tokens. The teacher follows ``t <- m t + (1 - m) s`` after every
      step; as in the reference (whose teacher shares the student's
      tensors until its first update), it equals the student after the
      first step. The objectives run on one token per ``grid_cell`` window:
      for the MLP head the backbone tokens are subsampled before the heads
      (``sample_before_head=True``), for the TR head (fixed token grid) the
      projections after them.
    - ``stage='probe'`` (``fine_tuning_{mlp,tr}.py``): the cluster probe
      (``num_clusters`` concepts in the code space) is trained by
      modularity on the teacher's codes; the heads are fixed.

    With ``num_classes`` a :class:`~mmusseg.models.heads.LinearProbe` is
    trained on the teacher's codes in both stages (the supervised
    protocol; it uses the training labels). The reference also lets that
    linear probe's gradient reach the teacher head in the probe stage,
    i.e. the codes the cluster probe is scored on are tuned with labels;
    ``linear_probe_trains_head=True`` reproduces this and is off by
    default.

    Prediction (reference ``test_{mlp,tr}.py``): the teacher's code
    (averaged with the code of the flipped image under ``test_cfg.flip``),
    upsampled bilinearly to the input, scored by cosine against the
    cluster probe; ``test_cfg.crf`` refines ``softmax(logit_scale * cos)``
    (``logit_scale=3`` in the reference). ``pred_sem_seg`` holds cluster
    ids for :class:`mmusseg.evaluation.HungarianIoUMetric`; with a linear
    probe, ``pred_linear_sem_seg`` holds its classes.

    Args:
        backbone (dict): A frozen backbone (``FrozenVisionTransformer``).
        head (dict): :class:`CAUSEMLPHead` or :class:`CAUSETRHead` config
            (``in_channels`` is filled from the backbone when omitted).
        contrastive_loss (dict): :class:`ConceptContrastiveLoss` config.
        num_concepts (int): Clusterbook size. Defaults to 2048.
        num_clusters (int): Clusters of the cluster probe. Defaults to 27.
        num_classes (int, optional): Classes of the linear probe; None
            trains none. Defaults to None.
        stage (str): ``'front_door'`` or ``'probe'``.
            Defaults to ``'front_door'``.
        projection_dim (int): Projection size. Defaults to 2048.
        ema_momentum (float): Teacher momentum m. Defaults to 0.99.
        grid_cell (int): Subsampling window of the objectives.
            Defaults to 4.
        sample_before_head (bool): Subsample the backbone tokens before the
            heads (CAUSE-MLP: cheaper, and for a per-token head the same
            loss up to the dropout draws) rather than the projections after
            them (CAUSE-TR, whose attention needs the full grid).
            Defaults to False.
        modularity_temperature (float): Of the cluster probe's modularity.
            Defaults to 0.1.
        linear_probe_trains_head (bool): In the probe stage, let the
            supervised linear probe's gradient train the teacher head (the
            reference's behaviour; a label leak). Defaults to False.
        clusterbook_checkpoint (str, optional): A mediator checkpoint or
            the reference's ``modular.npy``, loaded by ``init_weights``.
        test_cfg (dict, optional): ``flip``, ``crf``, ``logit_scale``.
        data_preprocessor (dict, optional): ``SegDataPreProcessor`` config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 contrastive_loss: ConfigType = dict(
                     type='ConceptContrastiveLoss'),
                 num_concepts: int = 2048,
                 num_clusters: int = 27,
                 num_classes: Optional[int] = None,
                 stage: str = 'front_door',
                 projection_dim: int = 2048,
                 ema_momentum: float = 0.99,
                 grid_cell: int = 4,
                 sample_before_head: bool = False,
                 modularity_temperature: float = 0.1,
                 linear_probe_trains_head: bool = False,
                 clusterbook_checkpoint: Optional[str] = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if stage not in STAGES:
            raise ValueError(f'CAUSE: stage must be one of {STAGES}, got '
                             f'{stage!r}.')
        self.stage = stage
        self.backbone = MODELS.build(backbone)
        channels = self.backbone.embed_dims
        head = dict(head)
        head.setdefault('in_channels', channels)
        self.clusterbook = ConceptClusterbook(num_concepts, channels)
        self.clusterbook.requires_grad_(False)
        self.head = MODELS.build(head)
        code_dim = self.head.code_dim
        self.projection = nn.Conv2d(code_dim, projection_dim, 1)
        self.head_ema = copy.deepcopy(self.head).requires_grad_(False)
        self.projection_ema = copy.deepcopy(self.projection).requires_grad_(
            False)
        self.register_buffer('ema_updates', torch.zeros((),
                                                        dtype=torch.long))
        self.contrastive_loss = MODELS.build(contrastive_loss)
        self.cluster_probe = ConceptClusterbook(num_clusters, code_dim)
        self.linear_probe = (LinearProbe(code_dim, num_classes)
                             if num_classes else None)
        self.ema_momentum = ema_momentum
        self.grid_cell = grid_cell
        self.sample_before_head = sample_before_head
        self.modularity_temperature = modularity_temperature
        self.linear_probe_trains_head = linear_probe_trains_head
        self.clusterbook_checkpoint = clusterbook_checkpoint
        if stage == 'front_door':
            self.cluster_probe.requires_grad_(False)
        else:  # the student is not used in this stage
            self.head_ema.requires_grad_(linear_probe_trains_head)
        # CAUSE averages codes, not logits, over the flip
        self.flip_code, self.flip_test = self.flip_test, False

    def init_weights(self) -> None:
        """Initialise, then load ``clusterbook_checkpoint`` if set."""
        super().init_weights()
        if self.clusterbook_checkpoint:
            self.clusterbook.load_concepts(self.clusterbook_checkpoint)

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """The frozen backbone's (B, C, h, w) feature map."""
        feats = self.backbone(inputs)
        return feats[-1] if isinstance(feats, (list, tuple)) else feats

    @property
    def concepts(self) -> Tensor:
        """The frozen (K, C) clusterbook vectors."""
        return self.clusterbook.concepts.detach()

    def code(self, inputs: Tensor) -> Tensor:
        """The teacher's (B, D, h, w) code, flip-averaged when
        ``test_cfg.flip`` (outside training)."""
        code = self.head_ema(self.extract_feat(inputs), self.concepts)
        if self.flip_code and not self.training:
            flipped = self.head_ema(self.extract_feat(inputs.flip(-1)),
                                    self.concepts)
            code = (code + flipped.flip(-1)) / 2
        return code

    def cluster_logits(self, code: Tensor, size) -> Tensor:
        """Cosine of the code, upsampled to ``size``, with every cluster."""
        upsampled = F.interpolate(code, size=size, mode='bilinear',
                                  align_corners=False)
        return self.cluster_probe.cosine(upsampled)

    def encode_decode(self, inputs: Tensor,
                      batch_data_samples: OptSampleList) -> Tensor:
        """The cluster probe's cosine logits at the input resolution."""
        return self.cluster_logits(self.code(inputs), inputs.shape[-2:])

    def predict(self,
                inputs: Tensor,
                data_samples: OptSampleList = None) -> SampleList:
        """Cluster ids in ``pred_sem_seg`` (CRF-refined when configured)
        and, with a linear probe, classes in ``pred_linear_sem_seg``."""
        code = self.code(inputs)
        logits = self.cluster_logits(code, inputs.shape[-2:])
        samples = self.postprocess_result(self.refine(logits, inputs),
                                          data_samples)
        if self.linear_probe is not None:
            linear = F.interpolate(self.linear_probe(code)[0],
                                   size=inputs.shape[-2:], mode='bilinear',
                                   align_corners=False)
            plain = [SegDataSample(metainfo=s.metainfo) for s in samples]
            for sample, result in zip(
                    samples, self.postprocess_result(linear, plain)):
                sample.pred_linear_sem_seg = result.pred_sem_seg
        return samples

    def refine(self, logits: Tensor, inputs: Tensor) -> Tensor:
        """DenseCRF (when configured) on ``softmax(logit_scale * logits)``
        with the reference's image (:func:`reference_crf_image`);
        returns log-probabilities then."""
        if self.crf is None:
            return logits
        probs = torch.softmax(self.logit_scale * logits, dim=1)
        image = reference_crf_image(self._unnormalise(inputs))
        return self.crf(image, probs).clamp_min(1e-8).log()

    @torch.no_grad()
    def update_teacher(self) -> None:
        """EMA step of the teacher towards the student (a copy for the
        first two calls: the initialisation and the reference's shared
        tensors before its first update)."""
        momentum = 0.0 if self.ema_updates < 2 else self.ema_momentum
        for student, teacher in ((self.head, self.head_ema),
                                 (self.projection, self.projection_ema)):
            for param, param_ema in zip(student.parameters(),
                                        teacher.parameters()):
                param_ema.mul_(momentum).add_(param.detach(),
                                              alpha=1 - momentum)
        self.ema_updates += 1

    def _labels(self, data_samples: SampleList) -> Optional[Tensor]:
        if self.linear_probe is None or not all('gt_sem_seg' in s
                                                for s in data_samples):
            return None
        return torch.stack([s.gt_sem_seg.data[0] for s in data_samples])

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """The losses of the configured stage (plus the linear probe's)."""
        if not bool(self.clusterbook.trained):
            raise RuntimeError(
                'CAUSE needs the concept clusterbook of the mediator stage: '
                'set model.clusterbook_checkpoint to the CAUSEMediator '
                "run's checkpoint (or the reference's modular.npy), or "
                'load_from a CAUSE checkpoint.')
        feats = self.extract_feat(inputs)
        if self.stage == 'front_door':
            losses, probe_input = self._front_door_losses(feats)
        else:
            probe_input = self.head_ema(feats, self.concepts)
            sampled = (sample_grid(probe_input, self.grid_cell)[0]
                       if self.grid_cell > 1 else probe_input)
            losses = dict(loss_modularity=self.cluster_probe.modularity_loss(
                sampled, self.modularity_temperature))
        labels = self._labels(data_samples)
        if labels is not None:
            # on the teacher's codes: they carry gradients only with
            # linear_probe_trains_head in the probe stage
            _, losses['loss_linear_probe'] = self.linear_probe(
                probe_input, labels)
        return losses

    def _front_door_losses(self, feats: Tensor):
        self.update_teacher()
        concepts = self.concepts
        if self.sample_before_head:
            full_teacher_code = self.head_ema(feats, concepts)
            feats, _ = sample_grid(feats, self.grid_cell)
            teacher = self.projection_ema(self.head_ema(feats, concepts))
            student = self.projection(self.head(feats, concepts))
        else:
            full_teacher_code = self.head_ema(feats, concepts)
            teacher = self.projection_ema(full_teacher_code)
            student = self.projection(self.head(feats, concepts))
            if self.grid_cell > 1:
                feats, order = sample_grid(feats, self.grid_cell)
                student, _ = sample_grid(student, self.grid_cell, order)
                teacher, _ = sample_grid(teacher, self.grid_cell, order)
        loss = self.contrastive_loss(feats, student, teacher,
                                     self.clusterbook)
        self.contrastive_loss.update_bank(feats, teacher, self.clusterbook)
        return dict(loss_concept=loss), full_teacher_code
