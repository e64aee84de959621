# PASS stage 5: fine-tune the stage-1 network on the pseudo-labels with a
# 1x1 conv head to K + 1 classes (background is a class) on the stride-32
# features, plain cross-entropy, random resized crops of 224 and flips,
# SGD + LARC lr 0.6 cosine to 0.0006, 20 epochs, batch 256 (reference:
# main_pixel_finetuning.py). Stage 6 evaluates it with the official
# ImageNet-S protocol as the reference's inference.py predicts: shorter
# side 256 (torchvision's Resize: ResizeShorterSide), logits from the
# stride-32 head straight to the original size, and above 1000 x 1000
# pixels at height 1000 then nearest (CappedUpsampleEncoderDecoder).
# Deviation: mmseg's decode head computes the loss at the crop's full
# resolution; the reference downsamples the labels by 2 first.
_base_ = ['../datasets/imagenet_s50.py', '../schedules/pass_lars.py']
custom_imports = dict(
    imports=['mmusseg', 'mmpretrain.engine'], allow_failed_imports=False)
subset = 50
max_epochs = 20
norm_cfg = dict(type='BN', requires_grad=True)
sync_bn = 'torch'
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadImageNetSAnnotations'),
    dict(type='RandomResizedCropWithSeg', size=224, scale=(0.08, 1.0)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='ResizeShorterSide', size=256),
    dict(type='LoadImageNetSAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=32,  # x 8 GPUs = 256
    num_workers=8,
    drop_last=True,
    dataset=dict(
        with_labels=True,
        seg_dir='work_dirs/pass_r18_imagenets50/pseudo_label/labels',
        pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_evaluator = dict(save_matching=None)
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = dict(type='TestLoop')
model = dict(
    type='CappedUpsampleEncoderDecoder',
    max_res=1000,
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        size_divisor=32,  # training crops are already square, no padding
        pad_val=0,
        seg_pad_val=1000),
    backbone=dict(
        type='ResNet',
        depth=18,
        out_indices=(3, ),
        norm_cfg=norm_cfg,
        init_cfg=dict(
            type='Pretrained',
            prefix='backbone.',
            checkpoint='work_dirs/pass_r18_imagenets50/pretrain/'
            'epoch_200.pth')),
    decode_head=dict(
        type='FCNHead',
        in_channels=512,
        in_index=0,
        channels=512,
        num_convs=0,
        concat_input=False,
        dropout_ratio=0.0,
        num_classes=subset + 1,
        norm_cfg=norm_cfg,
        align_corners=False,
        ignore_index=1000,
        # the reference initialises every conv with Kaiming (fan_out)
        init_cfg=dict(
            type='Kaiming', layer='Conv2d', mode='fan_out',
            nonlinearity='relu'),
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
train_cfg = dict(max_epochs=max_epochs)
