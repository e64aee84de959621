# PiCIE on the built-in synthetic scenes (CPU-sized, about 2 minutes on 2
# cores): random-init ResNet-18 + LateralFPN 128-d, K = 6, 10 epochs of 200
# images, batch 16, Adam lr 1e-4 (PiCIE's COCO rate), views of the 96 px
# images. Evaluated like the k-means baseline (configs/kmeans/
# kmeans_r18_synthetic.py), which is this model before training.
#   python tools/train.py configs/picie/picie_r18_fpn_synthetic.py
_base_ = [
    '../_base_/models/kmeans_resnet_lateral_fpn.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/schedules/picie_adam.py',
    '../_base_/default_runtime.py',
]
model = dict(
    type='PiCIE',
    cluster_head=dict(num_clusters={{_base_.num_classes}}, distance='dot'),
    views=dict(seed=0),
    balance='inverse')
optim_wrapper = dict(optimizer=dict(lr=1e-4))
# Views are drawn in the model from (seed, epoch, sample_idx): the train
# pipeline only loads the image (no random flip, which would differ between
# the clustering and the training pass).
train_dataloader = dict(dataset={{_base_.view_train_dataset}})
# Before every epoch on the two views; before evaluation (also in
# tools/test.py) on the plain train images in a fixed order, PiCIE's final
# k-means, so that tools/test.py reproduces the validation score.
custom_hooks = [
    dict(
        type='ClusteringHook',
        fit_on=('train_epoch', ),
        pixels_per_image=256,
        num_init_batches=5,
        seed=0),
    dict(
        type='ClusteringHook',
        fit_on=('val', 'test'),
        dataloader='train_as_test',
        pixels_per_image=256,
        num_init_batches=5,
        seed=0),
]
