# PGG + CAE on the built-in synthetic scenes (CPU-sized): R18 + LateralFPN
# 128-d initialised from MoCo v2 trained on the scenes' train images
# (configs/pgg/mocov2_r18_synthetic-pretrain.py, the fully self-supervised
# pipeline), the context-aware embedding, pyramid labels from the same
# checkpoint and the "Mod." head; K = 6, 10 epochs of the 200 images and
# their pyramid crops (1,200 samples, PyramidCropDataset), batch 16, Adam
# lr 1e-3 (the paper's rate).
#   python tools/train.py configs/pgg/mocov2_r18_synthetic-pretrain.py
#   python tools/train.py configs/pgg/pgg_r18_fpn_synthetic.py
# The other rows of the PGG README's table differ from this file only in
# `model` (picie*_r18-mocov2_fpn_synthetic.py).
_base_ = [
    '../_base_/models/kmeans_resnet_lateral_fpn.py',
    '../_base_/models/pgg_components.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/schedules/picie_adam_synthetic.py',
    '../_base_/default_runtime.py',
]
iss_checkpoint = (
    '{{$ISS_CHECKPOINT:work_dirs/mocov2_r18_synthetic-pretrain/epoch_100.pth}}'  # noqa: E501
)
model = dict(
    type='PGG',
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=iss_checkpoint,
            prefix='backbone.')),
    neck=dict(_base_.cae_neck_r18, _delete_=True),
    cluster_head=dict(
        num_clusters={{_base_.num_classes}}, channels=128, distance='dot'),
    guidance_head=dict(
        type='GlobalGuidanceHead',
        in_channels=128,
        # the paper's 50 image clusters for 49k images; 200 scenes x 6
        # views hold fewer distinct contents
        num_classes=12,
        head_type='mod'),
    pyramid=True,
    crop_mode='independent',
    crop_ratio=0.5,
    views=dict(seed=0))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
train_dataloader = dict(
    dataset=dict(
        _base_.pyramid_crops,
        _delete_=True,
        dataset={{_base_.view_train_dataset}}))
iss_encoder = dict(
    _base_.iss_encoder,
    backbone=dict(_base_.iss_encoder.backbone, depth=18),
    neck=dict(_base_.iss_encoder.neck, in_channels=512, hid_channels=512),
    checkpoint=iss_checkpoint)
# the scenes are 96 px; the 224/256 transform scaled to them
label_hook = dict(
    _base_.label_hook, encoder=iss_encoder, resize=73, crop_size=64)
clustering_hooks = [{{_base_.epoch_clustering}}, {{_base_.eval_clustering}}]
custom_hooks = [label_hook, *clustering_hooks]
