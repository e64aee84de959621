# PASS stage 3 on ImageNet-S-50: 50 image clusters.
_base_ = ['../_base_/pass/cluster.py']
