# Baseline of the CAUSE synthetic run: k-means (K = 6) on the same frozen
# features, i.e. the backbone tokens (96-d, stride 8) of the CAUSE
# mediator run's random tiny ViT (as _base_/cause_synthetic.py), with the
# k-means-at-init recipe of configs/kmeans/kmeans_r18_synthetic.py (the
# stand-in k-means config with the mediator's checkpoint). Run
# the mediator first:
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-tiny_synthetic.py
#   python tools/train.py projects/cause/configs/kmeans_vit-tiny_synthetic.py
_base_ = [
    '../../../configs/kmeans/kmeans_vit-tiny-standin_synthetic.py'
]
model = dict(
    backbone=dict(
        init_cfg=dict(
            checkpoint='work_dirs/cause-mediator_vit-tiny_synthetic/'
            'epoch_1.pth',
            prefix='backbone.')))
