# PiCIE with ResNet-50 on Cityscapes-27 (PiCIE's protocol): FPN decoder
# 256-d, otherwise as picie_r18_fpn_cityscapes27.py.
_base_ = ['./picie_r18_fpn_cityscapes27.py']
model = {{_base_.resnet50_imagenet}}
