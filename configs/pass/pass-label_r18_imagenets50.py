# PASS stage 4 on ImageNet-S-50 (Otsu threshold; the reference's
# label-tuned value is 0.41).
_base_ = ['../_base_/pass/pseudo_label.py']
