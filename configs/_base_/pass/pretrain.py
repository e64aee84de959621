# PASS stage 1 (Gao et al., LUSS): SwAV + deep-to-shallow + pixel-to-pixel
# alignment from scratch on the unlabelled train images. Values are the
# ImageNet-S-50 ResNet-18 ones of the reference script
# (LUSSeg/PASS scripts/luss50_pass.sh); S300/S919 configs override them.
# Initialisation as the reference's src/resnet.py: Kaiming (fan_out) convs,
# BN weights 1, no zero-initialised residual BN.
# Deviations: fp32 instead of apex O1 mixed precision; the SwAV queue is
# not checkpointed (it refills within queue_length / 256 iterations after a
# resume).
_base_ = ['../schedules/pass_lars.py', '../datasets/defaults.py']
custom_imports = dict(
    imports=['mmusseg', 'mmpretrain.datasets', 'mmpretrain.engine',
             'mmpretrain.models'],
    allow_failed_imports=False)
data_root = 'data/ImageNetS'
subset = 50
batch_size = 32  # per GPU; x 8 GPUs = 256 as in the reference
max_epochs = 200
norm_cfg = dict(type='BN', requires_grad=True)
sync_bn = 'torch'  # SyncBN when distributed, as the reference
# SwAV's colour distortion (strength 1) and PIL Gaussian blur, per crop
view_transforms = [
    dict(
        type='mmpretrain.RandomApply',
        transforms=[
            dict(
                type='mmpretrain.ColorJitter',
                brightness=0.8,
                contrast=0.8,
                saturation=0.8,
                hue=0.2)
        ],
        prob=0.8),
    dict(
        type='mmpretrain.RandomGrayscale',
        prob=0.2,
        keep_channels=True,
        channel_weights=(0.114, 0.587, 0.2989)),
    dict(
        type='mmpretrain.GaussianBlur',
        magnitude_range=(0.1, 2.0),
        magnitude_std='inf',
        prob=0.5),
]
# two 224 crops at scale 0.08-1: stage 2's views, and stage 1's on
# S300/S919 (with the shared grid)
two_crop_views = dict(
    type='MultiCropWithGrid',
    num_crops=(2, ),
    crop_sizes=(224, ),
    scales=((0.08, 1.0), ),
    view_transforms=view_transforms)
num_crops = (2, 6)
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(
        type='MultiCropWithGrid',
        num_crops=num_crops,
        crop_sizes=(224, 96),
        scales=((0.14, 1.0), (0.05, 0.14)),
        grid_size=7,
        view_transforms=view_transforms),
    dict(type='mmpretrain.PackInputs', algorithm_keys=['grid']),
]
train_dataloader = dict(
    _base_.train_loader,
    batch_size=batch_size,
    num_workers=10,
    drop_last=True,
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='ImageNetSDataset',
        data_root=data_root,
        subset=subset,
        split='train',
        with_labels=False,
        pipeline=train_pipeline))
model = dict(
    type='PASSPretrain',
    data_preprocessor=dict(
        type='mmpretrain.SelfSupDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True),
    backbone=dict(
        type='ResNet',
        depth=18,
        out_indices=(2, 3),
        norm_cfg=norm_cfg,
        zero_init_residual=False),
    channels=(256, 512),
    hidden_dim=512,
    feat_dim=128,
    num_crops=num_crops,
    swav=dict(
        num_prototypes=500,
        crops_for_assign=(0, 1),
        temperature=0.1,
        epsilon=0.05,
        sinkhorn_iterations=3,
        queue_length=2048,
        batch_size=batch_size,
        queue_start_epoch=15,
        freeze_prototypes_iters=1001),
    deep_to_shallow=True,
    loss_weights=(1.0, 1.0))
train_cfg = dict(max_epochs=max_epochs)
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = None
test_dataloader = None
test_evaluator = None
