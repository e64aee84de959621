# MoCo v2 on the built-in synthetic scenes (200 train images, no labels),
# the ISS stage of the synthetic PGG table, about 4 minutes on 2 CPU
# cores. Sized for the scenes; deviations from MoCo v2 (see
# ../_base_/mocov2_pretrain.py): ResNet-18 (projector 512-512-128), 64 px
# crops of the 96 px scenes, batch 32 on one process, queue 128 (the
# official 65,536 would hold every image hundreds of times as its own
# negative), key momentum 0.99 (600 steps in all), lr 0.06, 100 epochs.
#   python tools/train.py configs/pgg/mocov2_r18_synthetic-pretrain.py
_base_ = ['../_base_/mocov2_pretrain.py']
crop_size = 64
view_pipeline = [
    dict(_base_.view_pipeline[0], scale=crop_size),
    *_base_.view_pipeline[1:],
]
train_pipeline = [
    dict(step, transforms=[view_pipeline])
    if step.type == 'MultiView' else step for step in _base_.train_pipeline
]
train_dataloader = dict(
    num_workers=2,
    # kept alive: mmengine's worker_init_fn reseeds every new worker from
    # (seed, worker id), so workers restarted each epoch would replay the
    # same crops and jitter every epoch (and restarting costs 0.6 s each)
    persistent_workers=True,
    dataset=dict(
        type='mmseg.SyntheticScenesDataset',
        data_root='data/synthetic_scenes',
        split='train',
        num_train=200,
        num_val=50,
        img_size=(96, 96),
        seed=0,
        pipeline=train_pipeline))
model = dict(
    queue_len=128,
    momentum=0.01,
    backbone=dict(depth=18),
    neck=dict(in_channels=512, hid_channels=512))
optim_wrapper = dict(optimizer=dict(lr=0.06))
max_epochs = 100
param_scheduler = [dict(_base_.param_scheduler[0], T_max=max_epochs)]
train_cfg = dict(max_epochs=max_epochs)
auto_scale_lr = dict(enable=False)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=10, max_keep_ckpts=1))
