# PASS stage 5 on ImageNet-S-300: ResNet-50 with 301 outputs.
_base_ = ['../_base_/pass/finetune.py']
subset = 300
train_dataloader = dict(
    dataset=dict(
        subset=subset,
        seg_dir='work_dirs/pass_r50_imagenets300/pseudo_label/labels'))
test_dataloader = dict(dataset=dict(subset=subset))
test_evaluator = dict(num_classes=subset)
model = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(
            checkpoint='work_dirs/pass_r50_imagenets300/pretrain/'
            'epoch_100.pth')),
    decode_head=dict(
        in_channels=2048, channels=2048, num_classes=subset + 1))
