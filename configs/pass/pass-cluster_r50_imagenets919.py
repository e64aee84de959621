# PASS stage 3 on ImageNet-S-919: 919 image clusters.
_base_ = ['./pass-cluster_r50_imagenets300.py']
subset = 919
train_dataloader = dict(dataset=dict(subset=subset))
train_cfg = dict(num_clusters=subset)
load_from = 'work_dirs/pass_r50_imagenets919/pixel_attention/epoch_20.pth'
