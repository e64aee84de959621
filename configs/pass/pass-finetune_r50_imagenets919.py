# PASS stage 5 on ImageNet-S-919: ResNet-50 with 920 outputs, fine-tuned on
# ImageNetS919/train, the images stage 4 labels. (The reference script
# points this stage at ImageNet-1k train, but its PseudoLabelDataset reads
# a pseudo-label for every image, and stage 4 writes them for
# ImageNetS919/train only: the 81 other classes and the 5 merged source
# folders have none.)
_base_ = ['./pass-finetune_r50_imagenets300.py']
subset = 919
train_dataloader = dict(
    dataset=dict(
        subset=subset,
        seg_dir='work_dirs/pass_r50_imagenets919/pseudo_label/labels'))
test_dataloader = dict(dataset=dict(subset=subset))
test_evaluator = dict(num_classes=subset)
model = dict(
    backbone=dict(
        init_cfg=dict(
            checkpoint='work_dirs/pass_r50_imagenets919/pretrain/'
            'epoch_100.pth')),
    decode_head=dict(num_classes=subset + 1))
