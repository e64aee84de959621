# The stand-in for torchvision's supervised ImageNet ResNet-18: mmpretrain's
# ImageClassifier (torchvision's ResNet-18 layout, GAP, linear head) trained
# on the stand-in corpus' 50 classes. mmpretrain's ResNet recipe (SGD
# momentum 0.9, lr 0.1 for batch 64, cosine) on a short schedule: 20
# epochs of 50 iterations, about 12 minutes on 2 cores. tools/
# build_standin.py trains it and converts the last checkpoint to
# checkpoints/standin/resnet18_supervised.pth (torchvision keys, what
# configs/_base_/models/*'s init_cfg loads).
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
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, by_epoch=True)
]
train_cfg = dict(by_epoch=True, max_epochs=max_epochs,
                 val_interval=max_epochs)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=5, max_keep_ckpts=1))
