"""PGG: PiCIE with pyramid global guidance ("Fully Self-Supervised Learning
for Semantic Segmentation")."""
import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from mmseg.utils import ConfigType, SampleList
from torch import Tensor

from ..utils import pyramid_boxes
from .picie import PiCIE

CROP_MODES = ('independent', 'region')


@MODELS.register_module()
class PGG(PiCIE):
    """PiCIE plus an image-level classifier trained on fixed pyramid labels.

    A :class:`mmusseg.engine.hooks.PyramidLabelHook` labels every training
    image and its four corner and center crops with an image-level cluster
    of a frozen ISS network before training (:meth:`set_image_labels`).
    Each step, on top of PiCIE's loss, :class:`GlobalGuidanceHead`
    classifies both views' pixel features; views dropped by active
    selection (label -1) are ignored. How the crops' labels train depends
    on ``crop_mode``:

    - ``'independent'`` (default, the paper's section 4.2.1: "each
      subimage ... is treated as an independent image for labeling and
      training afterwards"): the train set is wrapped in
      :class:`mmusseg.datasets.PyramidCropDataset`, so every crop is a
      training sample with its own PiCIE views and its own label, and the
      head classifies each sample's whole views. The model then holds one
      label per sample.
    - ``'region'``: the train set holds the whole images only; the whole
      view is classified with the image's label and, for each crop, the
      part of the view it covers (the crop replayed through the view's
      crop and flip) with the crop's label, where at least
      ``min_crop_coverage`` of the crop lies in the view.

    The context-aware embedding is PiCIE's neck
    (:class:`ContextAwareEmbedding`), so "PiCIE + CAE" is a ``PiCIE`` with
    that neck and "PiCIE + PGG" a ``PGG`` with PiCIE's.

    Args:
        guidance_head (dict): :class:`GlobalGuidanceHead` config; its
            ``num_classes`` is the number of image-level clusters (the
            paper's default 50).
        guidance_loss_weight (float): Weight of the image-level CE, added
            to PiCIE's loss. Defaults to 1 (the paper gives none).
        pyramid (bool): Use the five crops too (PGG); False uses one label
            per image ("GG"). Defaults to True.
        crop_mode (str): ``'independent'`` or ``'region'``, see above.
            Defaults to ``'independent'``.
        crop_ratio (float): Side of each pyramid crop as a fraction of the
            image's. Defaults to 0.5 (the paper does not give it); with
            ``'independent'`` it must equal the dataset wrapper's.
        min_crop_coverage (float): ``'region'`` only: least fraction of a
            crop inside the view for its label to be used. Defaults to 0.5
            (our choice).
        **kwargs: :class:`PiCIE` arguments.
    """

    def __init__(self,
                 guidance_head: ConfigType,
                 guidance_loss_weight: float = 1.0,
                 pyramid: bool = True,
                 crop_mode: str = 'independent',
                 crop_ratio: float = 0.5,
                 min_crop_coverage: float = 0.5,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if crop_mode not in CROP_MODES:
            raise ValueError(f'PGG.crop_mode must be one of {CROP_MODES}, '
                             f'got {crop_mode!r}.')
        self.guidance_head = MODELS.build(guidance_head)
        self.guidance_loss_weight = guidance_loss_weight
        self.pyramid = pyramid
        self.crop_mode = crop_mode
        self.crop_ratio = crop_ratio
        # the boxes whose labels each training sample carries
        self.image_label_boxes = pyramid_boxes(
            crop_ratio, pyramid and crop_mode == 'region')
        self.min_crop_coverage = min_crop_coverage
        # set by the hook; neither a parameter nor in checkpoints (the hook
        # reloads it from its cache on resume)
        object.__setattr__(self, '_image_labels', None)

    @property
    def num_image_labels(self) -> int:
        """int: Number of image-level clusters the head classifies into."""
        return self.guidance_head.num_classes

    @property
    def samples_are_crops(self) -> bool:
        """bool: Whether the train set must be a
        :class:`mmusseg.datasets.PyramidCropDataset` (independent crops)."""
        return self.pyramid and self.crop_mode == 'independent'

    @property
    def image_labels(self):
        """Tensor | None: The (N, V) labels set by the hook, on the CPU."""
        return self._image_labels

    def set_image_labels(self, labels: Tensor) -> None:
        """Set the (N, V) image-level labels (-1: not used) of the N
        training samples (looked up by ``sample_idx``) and the V boxes of
        :attr:`image_label_boxes` (the whole sample, then, for
        ``crop_mode='region'``, the crops)."""
        if labels.ndim != 2 or labels.shape[1] != len(self.image_label_boxes):
            raise ValueError(
                f'Image labels must be (N, {len(self.image_label_boxes)}), '
                f'got {tuple(labels.shape)}.')
        if int(labels.max()) >= self.num_image_labels:
            raise ValueError(
                f'Image label {int(labels.max())} is out of range for a '
                f'guidance head of {self.num_image_labels} classes.')
        object.__setattr__(self, '_image_labels', labels.long().cpu())

    def _regions(self, params: list, size, device):
        """(B, V, h, w) masks of the pyramid boxes in every view, and (B, V)
        validity."""
        num_views = len(self.image_label_boxes)
        masks = torch.zeros(len(params), num_views, *size, dtype=torch.bool)
        valid = torch.zeros(len(params), num_views, dtype=torch.bool)
        for i, p in enumerate(params):
            masks[i, 0], valid[i, 0] = True, True  # the whole view
            for v, box in enumerate(self.image_label_boxes[1:], start=1):
                mask = self.views.box_in_view(box, p, size,
                                              self.min_crop_coverage)
                if mask is not None:
                    masks[i, v], valid[i, v] = mask, True
        return masks.to(device), valid.to(device)

    def extra_losses(self, z1: Tensor, z2: Tensor, params: list,
                     data_samples: SampleList) -> dict:
        """Image-level CE of both views against the pyramid labels."""
        if self._image_labels is None:
            raise RuntimeError(
                'PGG has no image labels: add a PyramidLabelHook to '
                'custom_hooks (see configs/pgg/).')
        index = torch.tensor([int(s.sample_idx) for s in data_samples])
        if int(index.max()) >= len(self._image_labels):
            raise IndexError(
                f'sample_idx {int(index.max())} is beyond the '
                f'{len(self._image_labels)} labelled samples; the hook and '
                f'training must see the same train set.')
        labels = self._image_labels[index].to(z1.device)  # (B, V)
        masks, valid = self._regions(params, tuple(z1.shape[-2:]),
                                     z1.device)
        targets = torch.where(valid, labels, torch.full_like(labels, -1))
        loss = 0
        for z in (z1, z2):
            logits = self.guidance_head(z, masks)  # (B, V, L)
            if (targets >= 0).any():
                loss = loss + F.cross_entropy(
                    logits.flatten(0, 1), targets.flatten(),
                    ignore_index=-1) / 2
            else:  # keep the head in the graph (DDP) with a zero loss
                loss = loss + logits.sum() * 0
        return dict(loss_guidance=self.guidance_loss_weight * loss)

