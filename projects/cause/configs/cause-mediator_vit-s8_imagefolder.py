# CAUSE stage 1 (mediator) on your own images, DINO ViT-S/8, 320 crops.
#   DATA_ROOT=path/to/images python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-s8_imagefolder.py
_base_ = ['./_base_/cause_imagefolder.py', './_base_/mediator.py']
model = dict(backbone={{_base_.dino_vit_s8}})
