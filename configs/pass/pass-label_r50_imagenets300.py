# PASS stage 4 on ImageNet-S-300 (Otsu threshold; the reference's
# label-tuned value is 0.40).
_base_ = ['../_base_/pass/pseudo_label.py']
subset = 300
train_dataloader = dict(dataset=dict(subset=subset))
model = dict(**_base_.pass_r50_model)
train_cfg = dict(
    centroids='work_dirs/pass_r50_imagenets300/cluster/centroids.npy')
load_from = 'work_dirs/pass_r50_imagenets300/pixel_attention/epoch_20.pth'
