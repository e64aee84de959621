# PiCIE's schedule: Adam, no weight decay, a ClusteringHook before every
# epoch. The reference uses lr 1e-4 on COCO and 1e-3 on Cityscapes, 10 epochs.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=10, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4, weight_decay=0.0))
