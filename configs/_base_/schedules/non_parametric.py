# "Training" of non-parametric methods: the ClusteringHook fits the model in
# one pass of NonParametricTrainLoop; no optimisation step ever runs.
train_cfg = dict(type='NonParametricTrainLoop')
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
# mmengine's Runner requires an optimizer whenever it trains; this one is
# built but never stepped by NonParametricTrainLoop.
optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.0))
# One k-means pass over the train set with PiCIE's mini-batch k-means sizes
# (configs/_base_/schedules/picie_adam.py), in eval mode.
clustering_hook = dict(
    type='ClusteringHook',
    fit_on=('train_epoch', ),
    num_init_images=5120,
    images_per_update=256,
    seed=0)
custom_hooks = [clustering_hook]
