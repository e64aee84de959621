# PiCIE with ResNet-50 on COCO-Stuff-27: FPN decoder 256-d (PiCIE's R50
# setting), otherwise as picie_r18_fpn_coco27.py.
_base_ = ['./picie_r18_fpn_coco27.py']
model = {{_base_.resnet50_imagenet}}
