# CAUSE stage 1 (mediator): the concept clusterbook on frozen DINOv2 ViT-B/14
# features, Cityscapes-27, 322 crops (shared by CAUSE-TR and CAUSE-MLP).
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_dinov2-vit-b14_cityscapes27.py
_base_ = ['./cause-mediator_vit-s8_cityscapes27.py']
model = dict(backbone={{_base_.dinov2_vit_b14}})
train_dataloader = {{_base_.train_loader_322}}
