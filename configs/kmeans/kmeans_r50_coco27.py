# k-means baseline on COCO-Stuff-27 (curated _7 lists):
# ImageNet ResNet-50 from a local
# torchvision checkpoint + LateralFPN (256-d, as PiCIE's R50), otherwise as
# kmeans_r18_coco27.py. Download the weights yourself:
#   checkpoints/resnet50-imagenet.pth  (torchvision resnet50 state dict)
_base_ = ['./kmeans_r18_coco27.py']
model = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(checkpoint='checkpoints/resnet50-imagenet.pth')),
    neck=dict(in_channels=[256, 512, 1024, 2048], out_channels=256),
    cluster_head=dict(channels=256))
