# PASS stage 2 on ImageNet-S-919 (as ImageNet-S-300, lr 0.6).
_base_ = ['./pass-attention_r50_imagenets300.py']
subset = 919
train_dataloader = dict(dataset=dict(subset=subset))
model = dict(
    init_cfg=dict(
        checkpoint='work_dirs/pass_r50_imagenets919/pretrain/epoch_100.pth'))
