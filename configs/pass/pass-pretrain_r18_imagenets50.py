# PASS stage 1 on ImageNet-S-50, ResNet-18, 500 prototypes, 200 epochs.
_base_ = ['../_base_/pass/pretrain.py']
