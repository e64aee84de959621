# CAUSE stage 2, the front door (reference `train_front_door_{tr,mlp}.py`):
# the student head and projection (2048-d) learn the concept-wise
# contrastive loss against the EMA teacher (momentum 0.99); the linear
# probe (supervised protocol) learns on the teacher's codes. Adam at
# lr 1e-3 x 4 GPUs, batch 16, two epochs, gradient clipping (per config:
# COCO TR 2, COCO MLP 0.1, Cityscapes 1), weight decay 1e-4 on COCO only.
# Evaluated at the end with the untrained cluster probe only for the
# linear-probe score; the cluster probe is stage 3.
_base_ = ['./cause_runtime.py']
model = dict(
    type='CAUSE',
    data_preprocessor={{_base_.data_preprocessor}},
    stage='front_door',
    num_concepts=2048,
    num_clusters=27,
    num_classes=27,
    projection_dim=2048,
    ema_momentum=0.99,
    grid_cell=4,
    contrastive_loss=dict(
        type='ConceptContrastiveLoss',
        temperature=0.07,
        pos_thresh=0.3,
        neg_thresh=0.1,
        bank_size=100,
        bank_keep_ratio=0.5),
    test_cfg=dict(flip=True, logit_scale=3.0,
                  crf=dict(type='DenseCRF', num_workers=4)))
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=4e-3),
    clip_grad=dict(max_norm=2.0))
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=2, val_interval=2)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
# Unsupervised score of the cluster probe, and the supervised linear probe
# under the 'linear_probe/' prefix (configs set val_evaluator =
# test_evaluator = cause_evaluator).
cause_evaluator = [
    dict(type='HungarianIoUMetric'),
    dict(type='LinearProbeIoUMetric', iou_metrics=['mIoU']),
]
# Stage 3, the cluster probe (reference `fine_tuning_{tr,mlp}.py`): the
# 27 cluster centroids fine-tuned by modularity on the stage-2 teacher's
# codes, StepLR (x0.5 every 2 epochs), no weight decay on the centroids.
# A probe config extends its stage-2 config with
#   model = {{_base_.probe_model}}
#   optim_wrapper = {{_base_.probe_optim_wrapper}}
#   param_scheduler = {{_base_.probe_param_scheduler}}
probe_model = dict(stage='probe', clusterbook_checkpoint=None)
probe_optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys=dict(cluster_probe=dict(decay_mult=0.0))))
probe_param_scheduler = [
    dict(type='StepLR', step_size=2, gamma=0.5, by_epoch=True)
]
