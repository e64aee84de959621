# PASS stage 2 on ImageNet-S-919 (ResNet-50, 3,000 prototypes, 20 epochs).
_base_ = ['../_base_/pass/pixel_attention.py']
subset = 919
train_dataloader = dict(dataset=dict(subset=subset))
model = dict(
    backbone=dict(depth=50),
    channels=2048,
    hidden_dim=2048,
    swav=dict(num_prototypes=3000),
    init_cfg=dict(checkpoint='work_dirs/pass_r50_imagenets919/pretrain/epoch_100.pth'))
