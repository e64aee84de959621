# The stand-in for DINO's ViT: mmpretrain's ImageClassifier with a tiny
# VisionTransformer (96-d, 4 layers, 3 heads, patch 8: the ViT of the
# synthetic STEGO and CAUSE configs) trained on the stand-in corpus' 50
# classes through its CLS token. DeiT's recipe in short (AdamW, lr 5e-4
# for batch 64, weight decay 0.05, cosine, 2 warm-up epochs), 60 epochs
# (about 15 minutes on one core).
# Supervised rather than DINO: mmpretrain has no DINO recipe; what STEGO
# needs from its backbone, patch features whose correspondences follow the
# classes, a supervised ViT also has. tools/build_standin.py trains it and
# writes checkpoints/standin/vit-tiny_p8_supervised.pth in the key layout
# of tools/model_converters/dino2mmpretrain.py (FrozenVisionTransformer's).
#   python tools/train.py configs/standin/vit-tiny_p8_supervised_standin.py
_base_ = [
    '../_base_/pretrain_runtime.py',
    '../_base_/datasets/standin_objects_classification.py',
    '../_base_/models/frozen_vit-tiny_p8.py',
]
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='VisionTransformer',
        arch={{_base_.tiny_vit_arch}},
        patch_size=8,
        img_size={{_base_.crop_size}},
        drop_path_rate=0.1),
    neck=None,
    head=dict(type='VisionTransformerClsHead',
              num_classes={{_base_.num_classes}}, in_channels=96,
              loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
max_epochs = 60
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=5e-4, weight_decay=0.05),
    paramwise_cfg=dict(
        norm_decay_mult=0.0,
        bias_decay_mult=0.0,
        custom_keys={
            '.cls_token': dict(decay_mult=0.0),
            '.pos_embed': dict(decay_mult=0.0)
        }))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=True, begin=0, end=2,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=max_epochs - 2, by_epoch=True,
         begin=2, end=max_epochs)
]
train_cfg = dict(by_epoch=True, max_epochs=max_epochs,
                 val_interval=max_epochs)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=5, max_keep_ckpts=1))
