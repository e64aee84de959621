"""A frozen instance-level self-supervised network as an image embedder."""
import os.path as osp
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class GlobalEncoder(BaseModule):
    """Image embeddings of an ISS model (MoCo v2, SwAV), frozen.

    PGG labels images with the network that initialises training: the
    last backbone level is global-average-pooled and, by default, passed
    through the ISS projector (the paper's appendix: "features from
    projectors"), then L2-normalised. The checkpoint is in mmpretrain's
    format (``backbone.*`` and ``neck.*`` keys), as written by mmpretrain's
    MoCo v2 / SwAV training or by
    ``tools/model_converters/iss2mmpretrain.py`` from the official
    releases. The module stays in eval mode.

    Args:
        backbone (dict): Backbone config, e.g. ``mmpretrain.ResNet``.
        checkpoint (str): mmpretrain-format checkpoint file.
        neck (dict, optional): The projector, e.g. ``mmpretrain.MoCoV2Neck``
            or ``mmpretrain.SwAVNeck``. None embeds with the pooled backbone
            feature (the paper's section 4.2.1 reading). Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 checkpoint: str,
                 neck: Optional[dict] = None) -> None:
        super().__init__()
        self.backbone = MODELS.build(backbone)
        self.neck = MODELS.build(neck) if neck is not None else None
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(
                f'ISS checkpoint {checkpoint!r} not found. Convert an '
                f'official release with tools/model_converters/'
                f'iss2mmpretrain.py, or train one '
                f'with configs/pgg/mocov2_*-pretrain.py, and point the '
                f'config at it.')
        self.checkpoint = checkpoint
        loaded = torch.load(checkpoint, map_location='cpu',
                            weights_only=False)
        state = loaded.get('state_dict', loaded)
        wanted = [k for k in self.state_dict()]
        missing = [k for k in wanted if k not in state]
        if missing:
            raise KeyError(
                f'{checkpoint} is not an mmpretrain-format ISS checkpoint '
                f'for this encoder: {len(missing)} missing keys, e.g. '
                f'{missing[:3]} (expected backbone.* and neck.* keys).')
        # other keys (momentum encoder, SwAV prototypes) are not needed
        self.load_state_dict({k: state[k] for k in wanted})
        self.requires_grad_(False)
        self.eval()

    def train(self, mode: bool = True) -> 'GlobalEncoder':
        """Always stay in eval mode (frozen BN statistics)."""
        return super().train(False)

    @torch.no_grad()
    def forward(self, images: Tensor) -> Tensor:
        """(B, D) L2-normalised embeddings of (B, 3, H, W) images."""
        feats = self.backbone(images)
        feat = feats[-1] if isinstance(feats, (list, tuple)) else feats
        pooled = feat.mean(dim=(2, 3))
        if self.neck is not None:
            if hasattr(self.neck, 'forward_projection'):
                # SwAVNeck's forward takes a multi-crop list; project only
                pooled = self.neck.forward_projection(pooled)
            else:
                pooled = self.neck((pooled[:, :, None, None], ))[0]
        return F.normalize(pooled.flatten(1), dim=1)
