# PASS stage 5 on ImageNet-S-919: ResNet-50 with 920 outputs.
_base_ = ['./pass-finetune_r50_imagenets300.py']
subset = 919
train_dataloader = dict(
    dataset=dict(subset=subset, seg_dir='work_dirs/pass_r50_imagenets919/pseudo_label/labels'))
test_dataloader = dict(dataset=dict(subset=subset))
test_evaluator = dict(num_classes=subset)
model = dict(
    backbone=dict(init_cfg=dict(checkpoint='work_dirs/pass_r50_imagenets919/pretrain/epoch_100.pth')),
    decode_head=dict(num_classes=subset + 1))
