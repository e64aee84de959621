# k-means baseline on COCO-Stuff-27 (curated _7 lists):
# ImageNet ResNet-50 from a local
# torchvision checkpoint + LateralFPN (256-d, as PiCIE's R50), otherwise as
# kmeans_r18_coco27.py. Download the weights yourself:
#   checkpoints/resnet50-imagenet.pth  (torchvision resnet50 state dict)
_base_ = ['./kmeans_r18_coco27.py']
model = {{_base_.resnet50_imagenet}}
