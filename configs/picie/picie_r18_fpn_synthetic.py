# PiCIE on the built-in synthetic scenes (CPU-sized): random-init ResNet-18
# + LateralFPN 128-d, K = 6, 10 epochs of 200 images, batch 16, Adam 1e-3
# (PiCIE's Cityscapes rate; random init needs more than COCO's 1e-4).
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
optim_wrapper = dict(optimizer=dict(lr=1e-3))
# Views are drawn in the model from (seed, epoch, sample_idx): the train
# pipeline only loads the image (no random flip, which would differ between
# the clustering and the training pass).
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadAnyImageFromFile'),
        dict(type='PackSegInputs', meta_keys={{_base_.meta_keys}}),
    ]))
custom_hooks = [
    dict(
        type='ClusteringHook',
        # before every epoch, and once more before evaluation: PiCIE
        # re-runs k-means on the train images with the final model (also in
        # tools/test.py)
        fit_on=('train_epoch', 'val', 'test'),
        pixels_per_image=256,
        num_init_batches=5,
        seed=0)
]
