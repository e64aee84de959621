# PASS stage 4 on ImageNet-S-919 (Otsu threshold; the reference's
# label-tuned value is 0.37).
_base_ = ['./pass-label_r50_imagenets300.py']
subset = 919
train_dataloader = dict(dataset=dict(subset=subset))
train_cfg = dict(
    centroids='work_dirs/pass_r50_imagenets919/cluster/centroids.npy')
load_from = 'work_dirs/pass_r50_imagenets919/pixel_attention/epoch_20.pth'
