# CAUSE stage 1 (mediator): the concept clusterbook on frozen DINO ViT-B/8
# features, Cityscapes-27, 320 crops (shared by CAUSE-TR and CAUSE-MLP).
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-b8_cityscapes27.py
_base_ = ['./_base_/cause_cityscapes27.py', './_base_/mediator.py']
model = dict(backbone={{_base_.dino_vit_b8}})
val_dataloader = None
val_evaluator = None
test_dataloader = None
test_evaluator = None
