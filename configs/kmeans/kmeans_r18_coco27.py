# k-means baseline on COCO-Stuff-27 (curated _7 lists):
# ImageNet ResNet-18 from a local
# torchvision checkpoint + LateralFPN (128-d, stride 4, random init, as
# PiCIE's "k-means at init"), K = 27, 320 center crop, no CRF.
# Download the torchvision weights yourself (no network at run time):
#   checkpoints/resnet18-imagenet.pth  (torchvision resnet18 state dict)
_base_ = [
    '../_base_/models/kmeans_resnet_lateral_fpn.py',
    '../_base_/datasets/coco_stuff27.py',
    '../_base_/schedules/non_parametric.py',
    '../_base_/default_runtime.py',
]
model = {{_base_.resnet18_imagenet}}
