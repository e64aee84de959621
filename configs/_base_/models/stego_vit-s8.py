# STEGO (Hamilton et al., ICLR 2022) with DINO ViT-S/8: the frozen backbone
# gives 384-d patch tokens at stride 8; the head makes 70-d codes, trained
# with the correspondence loss (COCO ViT-S weights and shifts); cluster
# probe K = 27 and a linear probe on the 27 classes (supervised protocol).
# Inference: flip TTA on the code, log_softmax(2 cos), DenseCRF.
# Convert the official weights first (nothing is downloaded):
#   python tools/model_converters/dino2mmpretrain.py dino_deitsmall8_pretrain.pth checkpoints/dino_vits8_mmpretrain.pth
model = dict(
    type='STEGO',
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_val=0,
        seg_pad_val=255,
        size_divisor=8),  # the patch size
    backbone=dict(
        type='FrozenVisionTransformer',
        arch='deit-small',
        patch_size=8,
        img_size=224,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/dino_vits8_mmpretrain.pth')),
    head=dict(type='STEGOHead', in_channels=384, code_dim=70, dropout=0.1),
    loss=dict(type='CorrespondenceLoss', preset='coco_vit-s'),  # REFERENCE.md's λ and b
    num_clusters=27,
    num_classes=27,
    test_cfg=dict(
        flip=True, logit_scale=2.0, crf=dict(type='DenseCRF',
                                             num_workers=4)))
