# PASS stage 1 on ImageNet-S-919: as ImageNet-S-300 (ResNet-50, 3,000
# prototypes, 100 epochs; scripts/luss919_pass.sh).
# Deviation: the reference pretrains (and fine-tunes) S919 on all of the
# ImageNet-1k train set; here stage 1 uses ImageNetS919/train (the 919
# classes' images), as the other stages do.
_base_ = ['./pass-pretrain_r50_imagenets300.py']
subset = 919
train_dataloader = dict(dataset=dict(subset=subset))
