# STEGO's schedule: Adam 5e-4 for the head and 5e-3 (x10) for the probes,
# 5,000 steps of batch 16, no augmentation; evaluated once at the end (no
# checkpoint is selected by validation labels; see
# configs/stego/stego_vit-b8_coco27_val-label-selection.py for the
# reference's label-using selection). Iteration-based logging and
# checkpoints over the shared runtime.
_base_ = ['../default_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=5e-4),
    paramwise_cfg=dict(custom_keys=dict(
        cluster_probe=dict(lr_mult=10.0), linear_probe=dict(lr_mult=10.0))))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=5000,
                 val_interval=5000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
log_processor = dict(by_epoch=False)
default_hooks = dict(
    logger=dict(interval=50, log_metric_by_epoch=False),
    checkpoint=dict(by_epoch=False, interval=5000))
# The KNN table of the training images (their own pipeline without label
# loading), built once and cached by images, backbone, k and pipeline.
custom_hooks = [dict(type='KNNHook', k=30, cache_dir='data/knn_cache')]
