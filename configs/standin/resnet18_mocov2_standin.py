# The stand-in for the official MoCo v2 ResNet release (PGG's ISS model):
# MoCo v2 as configs/pgg/mocov2_r18_synthetic-pretrain.py (mmpretrain's
# MoCo, ResNet-18, projector 512-512-128, 64 px crops, batch 32, lr 0.06,
# key momentum 0.99) on the stand-in corpus' 3,200 train images, without
# their labels. The queue holds 1,024 keys (a third of the corpus; the
# official 65,536 is 5% of ImageNet); 15 epochs of 100 iterations, about
# 15 minutes on 2 cores. tools/build_standin.py trains it and keeps the
# query encoder (backbone.*, neck.*) as
# checkpoints/standin/resnet18_mocov2.pth, what GlobalEncoder and the PGG
# configs load (ISS_CHECKPOINT=checkpoints/standin/resnet18_mocov2.pth).
#   python tools/train.py configs/standin/resnet18_mocov2_standin.py
_base_ = ['../pgg/mocov2_r18_synthetic-pretrain.py']
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='StandinObjectsClassification',
        data_root='data/standin_objects',
        seed=0,
        split='train',
        with_label=False,
        pipeline={{_base_.train_pipeline}}))
model = dict(queue_len=1024)
max_epochs = 15
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=max_epochs, by_epoch=True)
]
train_cfg = dict(max_epochs=max_epochs)
default_hooks = dict(checkpoint=dict(interval=5))
