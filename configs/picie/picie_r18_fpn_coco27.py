# PiCIE (Cho et al., CVPR 2021) on COCO-Stuff-27, the paper's setting:
# supervised ImageNet ResNet-18 + FPN decoder 128-d, K = 27, 10 epochs of
# Adam lr 1e-4 (no weight decay), batch 128 (8 GPUs x 16), 320 px views
# drawn from 640 center crops, evaluated on the curated _7 val list (320
# resize + center crop, no CRF).
#   bash tools/dist_train.sh configs/picie/picie_r18_fpn_coco27.py 8
# Reported: 48.09 acc / 13.84 mIoU (paper), 50.35 / 14.99 (author logs).
_base_ = [
    '../_base_/models/picie_r18_lateral_fpn.py',
    '../_base_/datasets/coco_stuff27.py',
    '../_base_/schedules/picie_adam.py',
    '../_base_/default_runtime.py',
]
train_dataloader = dict(
    batch_size=16,  # x 8 GPUs = PiCIE's 128
    dataset={{_base_.view_train_dataset}})
auto_scale_lr = dict(enable=False, base_batch_size=128)
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_epochs=10, val_interval=10)
# PiCIE's k-means: seeded on the pixels of 20 batches of 256 images
# (= 40 batches of 16 on each of 8 GPUs) with 10 faiss iterations, then one
# online pass. Before every epoch on the two training views; once more on
# the plain train images before evaluation (the reference's final k-means).
custom_hooks = [
    dict(
        type='ClusteringHook',
        fit_on=('train_epoch', ),
        pixels_per_image=1024,
        num_init_batches=40,
        num_init_iters=10,
        seed=0),
    dict(
        type='ClusteringHook',
        fit_on=('val', 'test'),
        dataloader=dict(
            batch_size=16,
            num_workers=4,
            sampler=dict(type='DefaultSampler', shuffle=False),
            dataset={{_base_.plain_train_dataset}}),
        pixels_per_image=1024,
        num_init_batches=40,
        num_init_iters=10,
        seed=0),
]
