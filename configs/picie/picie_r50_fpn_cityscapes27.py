# PiCIE with ResNet-50 on Cityscapes-27 (PiCIE's protocol): FPN decoder
# 256-d, otherwise as picie_r18_fpn_cityscapes27.py.
_base_ = ['./picie_r18_fpn_cityscapes27.py']
model = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(checkpoint='checkpoints/resnet50-imagenet.pth')),
    neck=dict(in_channels=[256, 512, 1024, 2048], out_channels=256),
    cluster_head=dict(channels=256))
