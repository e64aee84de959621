# k-means baseline on Cityscapes-27, PiCIE protocol:
# ImageNet ResNet-50 from a local
# torchvision checkpoint + LateralFPN (256-d, as PiCIE's R50), otherwise as
# kmeans_r18_cityscapes27.py. Download the weights yourself:
#   checkpoints/resnet50-imagenet.pth  (torchvision resnet50 state dict)
_base_ = ['./kmeans_r18_cityscapes27.py']
model = {{_base_.resnet50_imagenet}}
