"""PASS stage 1: representation learning from scratch."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmseg.registry import MODELS
from torch import Tensor, nn

from ..losses import MultiCropSwAV
from ..utils import SwAVProjector, dense_projection, kaiming_init_convs


@MODELS.register_module()
class PASSPretrain(BaseModel):
    """SwAV + deep-to-shallow + pixel-to-pixel alignment (Gao et al., PASS).

    - **SwAV** on the pooled last-stage features of every crop.
    - **Deep-to-shallow (D2S)**: the pooled stage-3 features of the two
      large crops, through a dense and a vector projector, predict the
      deep codes of the *other* large crop with the prototypes detached.
    - **Pixel-to-pixel (P2P)**: dense last-stage projections of the two
      large crops are sampled on the grid of image points they share
      (:class:`mmusseg.datasets.transforms.MultiCropWithGrid`) and aligned
      with SimSiam's symmetric negative cosine, with a predictor and
      stop-gradient.

    The loss is ``(w0 * swav + w1 * d2s) / (w0 + w1) + p2p``, logged as the
    already weighted ``loss_swav`` and ``loss_d2s`` and ``loss_p2p``.

    Args:
        backbone (dict): A ResNet config with ``out_indices=(2, 3)``.
        channels (Sequence[int]): Channels of stage 3 and 4 (256, 512 for
            ResNet-18; 1024, 2048 for ResNet-50).
        hidden_dim (int): Projector width (PASS: 512 for R18, 2048 R50).
        feat_dim (int): Embedding dimension. Defaults to 128.
        num_crops (Sequence[int]): Crops per resolution, as the pipeline
            makes them. Defaults to (2, 6).
        swav (dict): :class:`mmusseg.models.losses.MultiCropSwAV` arguments
            other than ``feat_dim``.
        deep_to_shallow (bool): Add the D2S loss. Defaults to True.
        loss_weights (Sequence[float]): (w0, w1). Defaults to (1, 1).
        data_preprocessor (dict, optional): Normalises the list of crops,
            e.g. mmpretrain's ``SelfSupDataPreprocessor``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: dict,
                 channels: Sequence[int] = (256, 512),
                 hidden_dim: int = 512,
                 feat_dim: int = 128,
                 num_crops: Sequence[int] = (2, 6),
                 swav: Optional[dict] = None,
                 deep_to_shallow: bool = True,
                 loss_weights: Sequence[float] = (1.0, 1.0),
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        shallow, deep = channels
        self.backbone = MODELS.build(backbone)
        self.num_crops = tuple(num_crops)
        self.projector = SwAVProjector(deep, hidden_dim, feat_dim)
        self.swav = MultiCropSwAV(feat_dim=feat_dim, **(swav or {}))
        self.pixel_projector = dense_projection(
            [deep, hidden_dim, hidden_dim, feat_dim])
        self.pixel_predictor = kaiming_init_convs(nn.Sequential(
            nn.Conv2d(feat_dim, feat_dim, 1, bias=False),
            nn.BatchNorm2d(feat_dim), nn.ReLU(inplace=True),
            nn.Conv2d(feat_dim, feat_dim, 1)))
        self.deep_to_shallow = deep_to_shallow
        if deep_to_shallow:
            self.shallow_pixel_projector = dense_projection(
                [shallow, hidden_dim, hidden_dim, shallow])
            self.shallow_projector = SwAVProjector(shallow, hidden_dim,
                                                   feat_dim)
        self.loss_weights = tuple(float(w) for w in loss_weights)

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """Last-stage features of a (B, 3, H, W) batch."""
        return self.backbone(inputs)[-1]

    def forward(self,
                inputs,
                data_samples: Optional[list] = None,
                mode: str = 'tensor'):
        """``loss`` on the list of crops, or ``tensor`` features of one
        batch of images."""
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'tensor':
            return self.extract_feat(inputs)
        raise RuntimeError(f'PASSPretrain has no {mode!r} mode; it is '
                           f"trained ('loss') or used for features "
                           f"('tensor').")

    def pixel_loss(self, deep: Tensor, grids: Tensor) -> Tensor:
        """P2P loss of the (2B, C, h, w) maps of the two large crops on
        their (B, 2, g, g, 2) shared grids."""
        grid = torch.cat([grids[:, 0], grids[:, 1]])
        z = F.grid_sample(self.pixel_projector(deep), grid, mode='bilinear',
                          align_corners=False)
        p = self.pixel_predictor(z)
        z1, z2 = z.chunk(2)
        p1, p2 = p.chunk(2)
        return -0.5 * (F.cosine_similarity(p1, z2.detach(), dim=1).mean() +
                       F.cosine_similarity(p2, z1.detach(), dim=1).mean())

    def loss(self, inputs: List[Tensor],
             data_samples: list) -> Dict[str, Tensor]:
        """The three losses of a batch of crops (large crops first)."""
        if len(inputs) != sum(self.num_crops):
            raise ValueError(f'Expected {sum(self.num_crops)} crops '
                             f'(num_crops={self.num_crops}), got '
                             f'{len(inputs)}; check the pipeline.')
        self.swav.normalize_prototypes()
        batch = inputs[0].shape[0]
        pooled, start = [], 0
        for count in self.num_crops:
            shallow, deep = self.backbone(torch.cat(inputs[start:start +
                                                           count]))
            if start == 0:
                large = (shallow, deep)
            pooled.append(deep.mean((2, 3)))
            start += count
        embeddings = F.normalize(self.projector(torch.cat(pooled)), dim=1)
        loss_swav, codes = self.swav(embeddings, batch)

        grids = torch.stack([
            torch.as_tensor(sample.grid) for sample in data_samples
        ]).to(inputs[0].device, inputs[0].dtype)
        losses = dict(loss_p2p=self.pixel_loss(large[1], grids))
        w_deep, w_shallow = self.loss_weights
        if not self.deep_to_shallow:
            losses['loss_swav'] = loss_swav
            return losses
        shallow = self.shallow_pixel_projector(large[0]).mean((2, 3))
        shallow = F.normalize(self.shallow_projector(shallow), dim=1)
        loss_d2s = self.swav.predict(
            codes, self.swav.scores(shallow, detach=True), batch, (0, 1))
        total = w_deep + w_shallow
        losses['loss_swav'] = loss_swav * w_deep / total
        losses['loss_d2s'] = loss_d2s * w_shallow / total
        return losses
