# PASS stage 1 on ImageNet-S-919: ResNet-50, 3,000 prototypes, hidden 2048,
# queue 3840, prototypes frozen for 5005 iterations, 100 epochs
# (scripts/luss919_pass.sh).
# Deviation: the reference pretrains (and fine-tunes) S919 on all of the
# ImageNet-1k train set; here stage 1 uses ImageNetS919/train (the 919
# classes' images), as the other stages do.
_base_ = ['../_base_/pass/pretrain.py']
subset = 919
max_epochs = 100
train_dataloader = dict(dataset=dict(subset=subset))
model = dict(
    backbone=dict(depth=50),
    channels=(1024, 2048),
    hidden_dim=2048,
    swav=dict(
        num_prototypes=3000, queue_length=3840, freeze_prototypes_iters=5005))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=max_epochs,
        eta_min=0.0006,
        by_epoch=True,
        begin=0,
        end=max_epochs,
        convert_to_iter_based=True)
]
train_cfg = dict(max_epochs=max_epochs)
