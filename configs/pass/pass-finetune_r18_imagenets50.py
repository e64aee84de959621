# PASS stage 5 on ImageNet-S-50: ResNet-18 with 51 outputs.
_base_ = ['../_base_/pass/finetune.py']
