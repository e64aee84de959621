# The stand-in for torchvision's supervised ImageNet ResNet-18: mmpretrain's
# ImageClassifier (torchvision's ResNet-18 layout, GAP, linear head) trained
# on the stand-in corpus' 50 classes, 20 epochs of 50 iterations of batch
# 64, about 12 minutes on 2 cores. AdamW (lr 2e-3, weight decay 0.05, one
# warm-up epoch, cosine) instead of ImageNet's SGD: on this short schedule
# SGD (lr 0.1) had barely moved the loss after 300 iterations (3.86, chance
# 3.91), AdamW reached 2.5 after 150. tools/build_standin.py trains it and
# converts the last checkpoint to checkpoints/standin/resnet18_supervised.pth
# (torchvision keys, what configs/_base_/models/*'s init_cfg loads).
#   python tools/train.py configs/standin/resnet18_supervised_standin.py
_base_ = [
    '../_base_/pretrain_runtime.py',
    '../_base_/datasets/standin_objects_classification.py',
]
model = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, num_stages=4, out_indices=(3, ),
                  style='pytorch'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes={{_base_.num_classes}},
              in_channels=512,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
max_epochs = 20
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=2e-3, weight_decay=0.05),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - 1, by_epoch=True,
         begin=1, end=max_epochs)
]
train_cfg = dict(by_epoch=True, max_epochs=max_epochs,
                 val_interval=max_epochs)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=5, max_keep_ckpts=1))
