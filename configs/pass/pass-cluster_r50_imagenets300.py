# PASS stage 3 on ImageNet-S-300: 300 image clusters of the ResNet-50
# stage-2 model.
_base_ = ['../_base_/pass/cluster.py']
subset = 300
train_dataloader = dict(dataset=dict(subset=subset))
model = dict(**_base_.pass_r50_model)
train_cfg = dict(num_clusters=subset)
load_from = 'work_dirs/pass_r50_imagenets300/pixel_attention/epoch_20.pth'
