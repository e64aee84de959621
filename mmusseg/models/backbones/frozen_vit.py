"""A frozen ViT whose patch tokens are the feature map (DINO for STEGO)."""
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F
from mmpretrain.models import VisionTransformer
from mmseg.registry import MODELS
from torch import Tensor


def dino_resize_pos_embed(pos_embed: Tensor, src_shape: Sequence[int],
                          dst_shape: Sequence[int],
                          num_extra_tokens: int = 1) -> Tensor:
    """Resize a (1, L, C) position embedding as DINO does.

    facebookresearch/dino (``vision_transformer.py``,
    ``interpolate_pos_encoding``; the copy in mhamilton723/STEGO's
    ``src/dino/``) interpolates the grid bicubically with
    ``scale_factor = (dst + 0.1) / src`` rather than to a target size, so
    the sampling positions differ slightly from mmpretrain's
    ``resize_pos_embed``.

    Args:
        pos_embed (Tensor): (1, extra + src_h * src_w, C).
        src_shape (Sequence[int]): (src_h, src_w) of the stored grid.
        dst_shape (Sequence[int]): (dst_h, dst_w) patches of the input.
        num_extra_tokens (int): Leading tokens kept as they are (CLS).

    Returns:
        Tensor: (1, extra + dst_h * dst_w, C).
    """
    src_h, src_w = src_shape
    dst_h, dst_w = dst_shape
    if (src_h, src_w) == (dst_h, dst_w):
        return pos_embed
    extra, grid = pos_embed[:, :num_extra_tokens], pos_embed[:,
                                                             num_extra_tokens:]
    channels = grid.shape[-1]
    grid = grid.reshape(1, src_h, src_w, channels).permute(0, 3, 1, 2)
    resized = F.interpolate(
        grid.float(),
        scale_factor=((dst_h + 0.1) / src_h, (dst_w + 0.1) / src_w),
        mode='bicubic')
    if resized.shape[-2:] != (dst_h, dst_w):
        raise RuntimeError(f'DINO position-embedding resize gave '
                           f'{tuple(resized.shape[-2:])}, not {dst_shape}.')
    resized = resized.to(grid.dtype).permute(0, 2, 3, 1).reshape(
        1, dst_h * dst_w, channels)
    return torch.cat((extra, resized), dim=1)


@MODELS.register_module()
class FrozenVisionTransformer(VisionTransformer):
    """mmpretrain's ``VisionTransformer``, frozen and always in eval mode.

    It returns the last block's patch tokens after the final norm, without
    the CLS token, as a (B, C, H / patch, W / patch) feature map (STEGO's
    DINO featurizer), for any input size (the position embedding is
    interpolated). No parameter receives gradients and ``train()`` keeps
    every module in eval mode.

    With ``dino_pos_embed_interpolation`` the position embedding is resized
    by :func:`dino_resize_pos_embed` (DINO's own rule, which STEGO's
    featurizer uses: it matters at 320 px, where the 28 x 28 grid of a
    224-trained ViT/8 becomes 40 x 40) instead of mmpretrain's.

    DINOv2 ViT-B/14 (converted by ``tools/model_converters/
    dinov2_to_mmpretrain.py``) is ``arch='base', patch_size=14,
    img_size=518, layer_scale_init_value=1e-5,
    dino_pos_embed_interpolation=True``: DINOv2 resizes its 37 x 37 grid by
    the same rule.

    Args:
        arch (str): ``'deit-small'`` (ViT-S: 384-d, 12 layers, 6 heads) or
            ``'base'`` (ViT-B: 768-d); any mmpretrain arch works.
            Defaults to ``'deit-small'``.
        patch_size (int): 8 or 16 for DINO, 14 for DINOv2. Defaults to 8.
        img_size (int): Size of the position embedding. Defaults to 224.
        dino_pos_embed_interpolation (bool): Resize the position embedding
            as DINO does. Defaults to False.
        **kwargs: Other ``VisionTransformer`` arguments, e.g. ``init_cfg``
            with the checkpoint from ``tools/model_converters/
            dino2mmpretrain.py``.
    """

    def __init__(self,
                 arch: str = 'deit-small',
                 patch_size: int = 8,
                 img_size: int = 224,
                 dino_pos_embed_interpolation: bool = False,
                 **kwargs) -> None:
        for fixed in ('out_type', 'final_norm', 'with_cls_token',
                      'frozen_stages'):
            if fixed in kwargs:
                raise ValueError(f'FrozenVisionTransformer sets {fixed} '
                                 f'itself; remove it from the config.')
        super().__init__(
            arch=arch,
            patch_size=patch_size,
            img_size=img_size,
            out_type='featmap',
            final_norm=True,
            with_cls_token=True,
            **kwargs)
        self.dino_pos_embed_interpolation = dino_pos_embed_interpolation
        self.requires_grad_(False)
        self.eval()

    def _dino_forward(self, x: Tensor) -> Tuple[Tensor]:
        """mmpretrain's forward with DINO's position-embedding resize."""
        tokens, patch_resolution = self.patch_embed(x)
        cls_token = self.cls_token.expand(tokens.shape[0], -1, -1)
        tokens = torch.cat((cls_token, tokens), dim=1)
        tokens = tokens + dino_resize_pos_embed(
            self.pos_embed, self.patch_resolution, patch_resolution,
            self.num_extra_tokens)
        tokens = self.pre_norm(self.drop_after_pos(tokens))
        outs = []
        for i, layer in enumerate(self.layers):
            tokens = layer(tokens)
            if i == len(self.layers) - 1 and self.final_norm:
                tokens = self.ln1(tokens)
            if i in self.out_indices:
                outs.append(self._format_output(tokens, patch_resolution))
        return tuple(outs)

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        """(B, C, H / patch, W / patch) patch-token maps, one per out index."""
        if self.dino_pos_embed_interpolation:
            return self._dino_forward(x)
        return super().forward(x)

    def train(self, mode: bool = True) -> 'FrozenVisionTransformer':
        """Stay in eval mode whatever the runner asks."""
        return super().train(False)
