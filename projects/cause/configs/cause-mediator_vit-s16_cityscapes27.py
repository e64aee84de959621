# CAUSE stage 1 (mediator): the concept clusterbook on frozen DINO ViT-S/16
# features, Cityscapes-27, 320 crops (shared by CAUSE-TR and CAUSE-MLP).
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-s16_cityscapes27.py
_base_ = ['./cause-mediator_vit-s8_cityscapes27.py']
model = dict(backbone={{_base_.dino_vit_s16}})
