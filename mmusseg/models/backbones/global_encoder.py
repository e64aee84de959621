"""A frozen pretrained network as an image embedder or classifier."""
import os.path as osp
import re
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmengine.runner.checkpoint import CheckpointLoader, load_state_dict
from mmseg.registry import MODELS
from torch import Tensor

#: ``module.`` (DataParallel) prefixes are stripped, as mmengine does.
DEFAULT_REVISE_KEYS = ((r'^module\.', ''), )


@MODELS.register_module()
class GlobalEncoder(BaseModule):
    """Image embeddings (or class probabilities) of a frozen network.

    PGG labels images with the network that initialises training ("Fully
    Self-Supervised Learning for Semantic Segmentation", section 4.2.1):

    - an ISS model (MoCo v2, SwAV): the last backbone level is
      global-average-pooled and, by default, passed through the ISS
      projector (the paper's appendix: "features from projectors"), then
      L2-normalised. With ``prototypes_key`` (SwAV), the checkpoint's
      prototypes are kept in :attr:`prototypes` so that the labels can
      group them;
    - a supervised classifier (``head``, e.g. ``mmpretrain.LinearClsHead``):
      the softmax of its fully connected layer ("we directly use the fully
      connected layer of the model to generate pseudo labels").

    The checkpoint is in mmpretrain's format (``backbone.*``, ``neck.*``,
    ``head.*`` keys), as written by mmpretrain's own training or by
    ``tools/model_converters/iss2mmpretrain.py``; ``revise_keys`` maps
    other layouts (e.g. a torchvision classifier) onto it. It is read by
    :meth:`init_weights` with mmengine's ``CheckpointLoader`` (any scheme
    mmengine supports: local path, ``http(s)://``, ...), and every key this
    module needs must be in it. Other keys (momentum encoder, queue) are
    ignored. The module stays in eval mode, without gradients.

    Args:
        backbone (dict): Backbone config, e.g. ``mmpretrain.ResNet``.
        checkpoint (str): The checkpoint file or URL.
        neck (dict, optional): The projector, e.g. ``mmpretrain.MoCoV2Neck``
            or ``mmpretrain.SwAVNeck``. None embeds with the pooled backbone
            feature (the paper's section 4.2.1 reading). Defaults to None.
        head (dict, optional): A classification head whose logits give
            the labels (``mmpretrain.LinearClsHead``). Defaults to None.
        prototypes_key (str, optional): Checkpoint key (after
            ``revise_keys``) of the (P, D) prototypes to group into labels,
            e.g. ``'head.loss_module.prototypes.weight'`` for mmpretrain's
            SwAV. Defaults to None.
        revise_keys (Sequence[tuple[str, str]]): ``(pattern, replacement)``
            regular expressions applied in turn to every checkpoint key, as
            in :func:`mmengine.runner.load_checkpoint`. Defaults to
            stripping ``module.``.
    """

    def __init__(self,
                 backbone: dict,
                 checkpoint: str,
                 neck: Optional[dict] = None,
                 head: Optional[dict] = None,
                 prototypes_key: Optional[str] = None,
                 revise_keys: Sequence[Tuple[str, str]] = DEFAULT_REVISE_KEYS
                 ) -> None:
        super().__init__()
        if head is not None and (neck is not None
                                 or prototypes_key is not None):
            raise ValueError('GlobalEncoder: a classifier head labels '
                             'images by itself; drop neck and '
                             'prototypes_key, or drop head.')
        if '://' not in checkpoint and not osp.isfile(checkpoint):
            raise FileNotFoundError(
                f'Checkpoint {checkpoint!r} not found. Convert an official '
                f'release with tools/model_converters/iss2mmpretrain.py, or '
                f'train one with configs/pgg/mocov2_*-pretrain.py, and point '
                f'the config at it.')
        self.checkpoint = checkpoint
        self.prototypes_key = prototypes_key
        self.revise_keys = [tuple(pair) for pair in revise_keys]
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        self.head = MODELS.build(head) if head is not None else None
        # filled by init_weights (its shape comes from the checkpoint); not
        # in state_dict(), which lists what the checkpoint must provide
        self.register_buffer('prototypes', torch.empty(0), persistent=False)
        self.requires_grad_(False)
        self.eval()

    @property
    def is_classifier(self) -> bool:
        """bool: Whether :meth:`forward` gives class probabilities."""
        return self.head is not None

    @property
    def num_classes(self) -> Optional[int]:
        """int | None: The classifier's number of classes."""
        return self.head.num_classes if self.head is not None else None

    def _revise(self, key: str) -> str:
        for pattern, replacement in self.revise_keys:
            key = re.sub(pattern, replacement, key)
        return key

    def init_weights(self) -> None:
        """Load the checkpoint (strict on the keys this module needs).

        Raises:
            KeyError: If a needed key is missing: the file is not in the
                expected format, or ``revise_keys`` does not map it.
        """
        loaded = CheckpointLoader.load_checkpoint(self.checkpoint,
                                                  map_location='cpu')
        state = loaded.get('state_dict', loaded)
        state = {self._revise(k): v for k, v in state.items()
                 if isinstance(v, Tensor)}
        if self.prototypes_key is not None:
            if self.prototypes_key not in state:
                raise KeyError(
                    f'{self.checkpoint} has no prototypes under '
                    f'{self.prototypes_key!r} (GlobalEncoder.prototypes_key)'
                    f'; keys with "proto": '
                    f'{[k for k in state if "proto" in k][:5]}.')
            self.prototypes = state[self.prototypes_key].detach().float(
            ).clone()
        wanted = list(self.state_dict())
        missing = [k for k in wanted if k not in state]
        if missing:
            raise KeyError(
                f'{self.checkpoint} is not an mmpretrain-format checkpoint '
                f'for this encoder: {len(missing)} missing keys, e.g. '
                f'{missing[:3]} (expected backbone.*, neck.* or head.* keys; '
                f'GlobalEncoder.revise_keys maps other layouts).')
        load_state_dict(self, {k: state[k] for k in wanted}, strict=True)
        self._is_init = True

    def train(self, mode: bool = True) -> 'GlobalEncoder':
        """Always stay in eval mode (frozen BN statistics)."""
        return super().train(False)

    @torch.no_grad()
    def forward(self, images: Tensor) -> Tensor:
        """(B, D) L2-normalised embeddings of (B, 3, H, W) images, or (B,
        num_classes) class probabilities with a classifier head."""
        feats = self.backbone(images)
        feat = feats[-1] if isinstance(feats, (list, tuple)) else feats
        pooled = feat.mean(dim=(2, 3))
        if self.head is not None:
            return self.head((pooled, )).softmax(dim=1)
        if self.neck is not None:
            if hasattr(self.neck, 'forward_projection'):
                # SwAVNeck's forward takes a multi-crop list; project only
                pooled = self.neck.forward_projection(pooled)
            else:
                pooled = self.neck((pooled[:, :, None, None], ))[0]
        return F.normalize(pooled.flatten(1), dim=1)
