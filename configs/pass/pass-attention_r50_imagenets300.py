# PASS stage 2 on ImageNet-S-300: ResNet-50, 3,000 prototypes, 20 epochs,
# lr 0.6 (scripts/luss300_pass.sh; only the S50 script uses 6.0).
_base_ = ['../_base_/pass/pixel_attention.py']
subset = 300
train_dataloader = dict(dataset=dict(subset=subset))
model = dict(
    **_base_.pass_r50_model,
    init_cfg=dict(
        checkpoint='work_dirs/pass_r50_imagenets300/pretrain/epoch_100.pth'))
optim_wrapper = dict(optimizer=dict(lr=0.6))
