# STEGO (Hamilton et al., ICLR 2022) with DINO ViT-S/8: the frozen backbone
# gives 384-d patch tokens at stride 8; the head makes 70-d codes, trained
# with the correspondence loss (COCO ViT-S weights and shifts); cluster
# probe K = 27 and a linear probe on the 27 classes (supervised protocol).
# Inference: flip TTA on the code, log_softmax(2 cos) on the code upsampled
# to 320, DenseCRF on both probes.
# Every option below is set to what mhamilton723/STEGO's code does
# (src/modules.py, src/train_segmentation.py, src/eval_segmentation.py,
# src/crf.py; configs/stego/README.md has the parity table).
# Convert the official weights first (nothing is downloaded):
#   python tools/model_converters/dino2mmpretrain.py \
#       dino_deitsmall8_pretrain.pth checkpoints/dino_vits8_mmpretrain.pth
_base_ = ['./seg_data_preprocessor.py']
data_preprocessor = dict(
    _base_.data_preprocessor, size_divisor=8)  # the patch size
model = dict(
    type='STEGO',
    data_preprocessor=data_preprocessor,
    backbone=dict(
        type='FrozenVisionTransformer',
        arch='deit-small',
        patch_size=8,
        img_size=224,
        dino_pos_embed_interpolation=True,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/dino_vits8_mmpretrain.pth')),
    head=dict(type='STEGOHead', in_channels=384, code_dim=70, dropout=0.1,
              shared_dropout_mask=False),
    # the paper's COCO ViT-S λ and b (CorrespondenceLoss.PRESETS)
    loss=dict(type='CorrespondenceLoss', preset='coco_vit-s',
              self_term_same_points=True, rand_partners='shifted_randperm'),
    loss_feature_dropout=0.1,
    knn_feature_dropout=0.1,
    num_clusters=27,
    num_classes=27,
    test_cfg=dict(
        flip=True,
        logit_scale=2.0,
        upsample_code=True,
        linear_crf=True,
        crf_image='bgr_truncated',
        crf=dict(type='DenseCRF', num_workers=4)))
# DINO ViT-B/8 instead (converted the same way from
# dino_vitbase8_pretrain.pth), merged into the model by the configs that
# use it: `model = dict(_base_.dino_vit_b8, loss=dict(preset=...))`.
dino_vit_b8 = dict(
    backbone=dict(
        arch='base',
        init_cfg=dict(checkpoint='checkpoints/dino_vitb8_mmpretrain.pth')),
    head=dict(in_channels=768))
