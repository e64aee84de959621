# PASS stage 2 on ImageNet-S-50 (ResNet-18, 20 epochs, lr 6.0).
_base_ = ['../_base_/pass/pixel_attention.py']
