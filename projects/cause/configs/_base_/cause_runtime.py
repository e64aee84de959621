# mmusseg's runtime with the CAUSE package registered (run the tools from
# the repository root, where `projects` is importable).
_base_ = ['../../../../configs/_base_/default_runtime.py',
          '../../../../configs/_base_/models/seg_data_preprocessor.py']
custom_imports = dict(
    imports=['mmusseg', 'projects.cause.cause'], allow_failed_imports=False)
# crops (320, 322) are multiples of the patch size
data_preprocessor = dict(_base_.data_preprocessor, size_divisor=1)
# The frozen backbones (reference `models/dinomaevit.py`,
# `models/dinov2vit.py`: the last block's patch tokens after the final
# norm). Convert the official weights first (nothing is downloaded):
#   python tools/model_converters/dino2mmpretrain.py \
#       dino_deitsmall8_pretrain.pth checkpoints/dino_vits8_mmpretrain.pth
#   python tools/model_converters/dinov2_to_mmpretrain.py \
#       dinov2_vitb14_pretrain.pth checkpoints/dinov2_vitb14_mmpretrain.pth
dino_vit_s8 = dict(
    type='FrozenVisionTransformer',
    arch='deit-small',
    patch_size=8,
    init_cfg=dict(type='Pretrained',
                  checkpoint='checkpoints/dino_vits8_mmpretrain.pth'))
dino_vit_s16 = dict(
    dino_vit_s8,
    patch_size=16,
    init_cfg=dict(dino_vit_s8['init_cfg'],
                  checkpoint='checkpoints/dino_vits16_mmpretrain.pth'))
dino_vit_b8 = dict(
    dino_vit_s8,
    arch='base',
    init_cfg=dict(dino_vit_s8['init_cfg'],
                  checkpoint='checkpoints/dino_vitb8_mmpretrain.pth'))
dinov2_vit_b14 = dict(
    dino_vit_b8,
    patch_size=14,
    img_size=518,  # the release's 37 x 37 position embedding
    layer_scale_init_value=1e-5,
    init_cfg=dict(dino_vit_s8['init_cfg'],
                  checkpoint='checkpoints/dinov2_vitb14_mmpretrain.pth'))
