"""A frozen ViT whose patch tokens are the feature map (DINO for STEGO)."""
from mmpretrain.models import VisionTransformer
from mmseg.registry import MODELS


@MODELS.register_module()
class FrozenVisionTransformer(VisionTransformer):
    """mmpretrain's ``VisionTransformer``, frozen and always in eval mode.

    It returns the last block's patch tokens after the final norm, without
    the CLS token, as a (B, C, H / patch, W / patch) feature map (STEGO's
    DINO featurizer), for any input size (the position embedding is
    interpolated). No parameter receives gradients and ``train()`` keeps
    every module in eval mode.

    Args:
        arch (str): ``'deit-small'`` (ViT-S: 384-d, 12 layers, 6 heads) or
            ``'base'`` (ViT-B: 768-d); any mmpretrain arch works.
            Defaults to ``'deit-small'``.
        patch_size (int): 8 or 16 for DINO. Defaults to 8.
        img_size (int): Size of the position embedding. Defaults to 224.
        **kwargs: Other ``VisionTransformer`` arguments, e.g. ``init_cfg``
            with the checkpoint from ``tools/model_converters/
            dino2mmpretrain.py``.
    """

    def __init__(self,
                 arch: str = 'deit-small',
                 patch_size: int = 8,
                 img_size: int = 224,
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
        self.requires_grad_(False)
        self.eval()

    def train(self, mode: bool = True) -> 'FrozenVisionTransformer':
        """Stay in eval mode whatever the runner asks."""
        return super().train(False)
