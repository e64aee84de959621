# Baseline of the CAUSE synthetic run: k-means (K = 6) on the same frozen
# features, i.e. the backbone tokens (96-d, stride 8) of the CAUSE
# mediator run's random tiny ViT (as _base_/cause_synthetic.py), with the
# k-means-at-init recipe of configs/kmeans/kmeans_r18_synthetic.py. Run
# the mediator first:
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-tiny_synthetic.py
#   python tools/train.py projects/cause/configs/kmeans_vit-tiny_synthetic.py
_base_ = ['../../../configs/kmeans/kmeans_r18_synthetic.py']
model = dict(
    data_preprocessor=dict(size_divisor=8),
    backbone=dict(
        _delete_=True,
        type='FrozenVisionTransformer',
        arch=dict(
            embed_dims=96, num_layers=4, num_heads=3,
            feedforward_channels=384),
        patch_size=8,
        img_size=96,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='work_dirs/cause-mediator_vit-tiny_synthetic/'
            'epoch_1.pth',
            prefix='backbone.')),
    neck=None,
    cluster_head=dict(channels=96))
