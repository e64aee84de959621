# k-means baseline on COCO-Stuff-27 (curated _7 lists): ImageNet ResNet-50 from a local
# torchvision checkpoint + LateralFPN (256-d, stride 4, random init, as
# PiCIE's "k-means at init"), K = 27, 320 center crop, no CRF.
# Download the torchvision weights yourself (no network at run time):
#   checkpoints/resnet50-imagenet.pth  (torchvision resnet50 state dict)
_base_ = [
    '../_base_/models/kmeans_resnet_lateral_fpn.py',
    '../_base_/datasets/coco_stuff27.py',
    '../_base_/schedules/non_parametric.py',
    '../_base_/default_runtime.py',
]
model = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/resnet50-imagenet.pth')),
    neck=dict(in_channels=[256, 512, 1024, 2048], out_channels=256),
    cluster_head=dict(num_clusters=27, channels=256))
custom_hooks = [
    dict(
        type='ClusteringHook',
        fit_on=('train_epoch', ),
        pixels_per_image=1024,
        num_init_batches=20,
        seed=0)
]
