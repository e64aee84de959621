# PASS's optimisation, shared by its trained stages (LUSSeg/PASS
# main_pretrain.py, main_pixel_attention.py, main_pixel_finetuning.py):
# SGD + LARC (trust 0.001, no clipping) = mmpretrain's LARS on every
# parameter; lr 0.6 cosine to 0.0006 per iteration, no warm-up. The cosine
# spans train_cfg.max_epochs (mmengine's default `end`), so a stage sets
# max_epochs only. Checkpoints every epoch, the last two kept; the
# reference's seed.
_base_ = ['../default_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(
        type='mmpretrain.LARS',
        lr=0.6,
        momentum=0.9,
        weight_decay=1e-6,
        eta=0.001))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        eta_min=0.0006,
        by_epoch=True,
        begin=0,
        convert_to_iter_based=True)
]
train_cfg = dict(type='EpochBasedTrainLoop')
default_hooks = dict(
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=2))
randomness = dict(seed=10010)
