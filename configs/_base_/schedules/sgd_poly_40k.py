# Supervised fine-tuning, mmseg's recipe: SGD lr 0.01 (momentum 0.9, weight
# decay 5e-4), poly decay to 1e-4 over 40k iterations, evaluation and a
# checkpoint every 4k; mmseg's visualiser, as the predictions are classes,
# not clusters. A shorter run overrides max_iters, the scheduler's `end`
# and the intervals.
_base_ = ['../default_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=40000,
         by_epoch=False)
]
train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=40000, val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
log_processor = dict(by_epoch=False)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=4000))
visualizer = dict(type='SegLocalVisualizer', _delete_=True,
                  vis_backends={{_base_.vis_backends}}, name='visualizer')
