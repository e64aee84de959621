# PASS (Gao et al., LUSS) on ImageNet-S-300 with ResNet-50, all six stages:
#   python tools/pass_pipeline.py configs/pass/pass_r50_imagenets300.py
# Outputs in work_dirs/pass_r50_imagenets300/<stage>. Reported (reference,
# val / test mIoU): 18.0 / 18.1.
_base_ = ['../_base_/pass/pipeline.py']
setting = 'r50_imagenets300'
work_dir = 'work_dirs/pass_r50_imagenets300'
