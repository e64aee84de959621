# PiCIE on the built-in synthetic scenes (CPU-sized, about 2 minutes on 2
# cores): random-init ResNet-18 + LateralFPN 128-d, K = 6, 10 epochs of 200
# images, batch 16, Adam lr 1e-4 (PiCIE's COCO rate), views of the 96 px
# images, and the reference's views, k-means and CE weights (as
# picie_r18_fpn_coco27.py; picie-fixed_r18_fpn_synthetic.py has mmusseg's
# corrections). Evaluated like the k-means baseline (configs/kmeans/
# kmeans_r18_synthetic.py), which is this model before training.
#   python tools/train.py configs/picie/picie_r18_fpn_synthetic.py
_base_ = [
    '../_base_/models/kmeans_resnet_lateral_fpn.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/schedules/picie_adam_synthetic.py',
    '../_base_/default_runtime.py',
]
model = dict(
    type='PiCIE',
    cluster_head=dict(num_clusters={{_base_.num_classes}}, distance='dot'),
    views=dict(seed=0),
    balance='proportional')
optim_wrapper = dict(optimizer=dict(lr=1e-4))
# Views are drawn in the model from (seed, epoch, sample_idx): the train
# pipeline only loads the image (no random flip, which would differ between
# the clustering and the training pass).
train_dataloader = dict(dataset={{_base_.view_train_dataset}})
# The hooks (picie_adam_synthetic.py): before every epoch on the two views;
# before evaluation (also in tools/test.py) on the plain train images in a
# fixed order, PiCIE's final k-means, so that tools/test.py reproduces the
# validation score.
