# PASS stage 2: the pixel attention, trained with SwAV on attention-pooled
# embeddings of two 224 crops; the stage-1 backbone and projector are
# frozen, the attention and the prototypes learn (reference:
# main_pixel_attention.py with scripts/luss50_pass.sh: lr 6.0 on S50; the
# S300/S919 scripts use 0.6). The stage-1 checkpoint is
# `model.init_cfg.checkpoint` (tools/pass_pipeline.py sets it).
_base_ = ['./pretrain.py']
max_epochs = 20
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    _base_.two_crop_views,
    dict(type='mmpretrain.PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
model = dict(
    _delete_=True,
    type='PASSPixelAttention',
    data_preprocessor={{_base_.model.data_preprocessor}},
    backbone=dict(_base_.model.backbone, out_indices=(3, )),
    channels=512,
    hidden_dim=512,
    feat_dim=128,
    upsample=4,
    swav=dict(
        _base_.model.swav,
        queue_length=3840,
        queue_start_epoch=0,
        freeze_prototypes_iters=0),
    init_cfg=dict(
        type='Pretrained',
        checkpoint='work_dirs/pass_r18_imagenets50/pretrain/epoch_200.pth'))
optim_wrapper = dict(optimizer=dict(lr=6.0))
train_cfg = dict(max_epochs=max_epochs)
# The ResNet-50 (S300/S919) model of stages 2-4, which their configs take
# as `model = dict(**_base_.pass_r50_model, ...)`.
pass_r50_model = dict(
    backbone=dict(depth=50),
    channels=2048,
    hidden_dim=2048,
    swav=dict(num_prototypes=3000))
