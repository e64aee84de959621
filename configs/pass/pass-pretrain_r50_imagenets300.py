# PASS stage 1 on ImageNet-S-300 (LUSSeg/PASS scripts/luss300_pass.sh):
# ResNet-50, 3,000 prototypes, hidden 2048, queue 3840, prototypes frozen
# for 5005 iterations, 100 epochs, and two 224 crops at scale 0.08-1 only
# (the S50 script's six 96 crops are not used here).
_base_ = ['../_base_/pass/pretrain.py']
subset = 300
train_dataloader = dict(
    dataset=dict(
        subset=subset,
        pipeline=[
            dict(type='LoadAnyImageFromFile'),
            dict(**_base_.two_crop_views, grid_size=7),
            dict(type='mmpretrain.PackInputs', algorithm_keys=['grid']),
        ]))
model = dict(
    backbone=dict(depth=50),
    channels=(1024, 2048),
    hidden_dim=2048,
    num_crops=(2, ),
    swav=dict(
        num_prototypes=3000, queue_length=3840, freeze_prototypes_iters=5005))
train_cfg = dict(max_epochs=100)
