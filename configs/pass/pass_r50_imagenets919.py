# PASS (Gao et al., LUSS) on ImageNet-S-919 with ResNet-50, all six stages:
#   python tools/pass_pipeline.py configs/pass/pass_r50_imagenets919.py
# Outputs in work_dirs/pass_r50_imagenets919/<stage>. Reported (reference,
# val / test mIoU): 11.5 / 11.0.
_base_ = ['../_base_/pass/pipeline.py']
setting = 'r50_imagenets919'
work_dir = 'work_dirs/pass_r50_imagenets919'
