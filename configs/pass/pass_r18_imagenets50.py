# PASS (Gao et al., LUSS) on ImageNet-S-50 with ResNet-18, all six stages:
#   python tools/pass_pipeline.py configs/pass/pass_r18_imagenets50.py
# Outputs in work_dirs/pass_r18_imagenets50/<stage>. Reported (reference,
# val / test mIoU): 29.2 / 29.3.
_base_ = ['../_base_/pass/pipeline.py']
setting = 'r18_imagenets50'
work_dir = 'work_dirs/pass_r18_imagenets50'
