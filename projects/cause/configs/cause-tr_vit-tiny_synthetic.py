# CAUSE-TR stage 2 (front door) on the synthetic scenes: 32-d codes,
# 256-d projections, 6 cluster-probe clusters, 4 epochs of batch 16;
# otherwise CAUSE's COCO TR settings. No CRF (96 px scenes).
#   python tools/train.py \
#       projects/cause/configs/cause-tr_vit-tiny_synthetic.py
_base_ = ['./_base_/cause_synthetic.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.tiny_vit_from_mediator}},
    head=dict(
        type='CAUSETRHead',
        num_queries=144,
        code_dim=32,
        feedforward_channels=256),
    num_concepts=128,
    num_clusters={{_base_.num_classes}},
    num_classes={{_base_.num_classes}},
    projection_dim=256,
    grid_cell=2,
    clusterbook_checkpoint={{_base_.mediator_checkpoint}},
    test_cfg=dict(flip=True, crf=None))
optim_wrapper = dict(
    optimizer=dict(weight_decay=1e-4), clip_grad=dict(max_norm=2.0))
train_cfg = dict(max_epochs=4, val_interval=4)
val_evaluator = {{_base_.cause_evaluator}}
test_evaluator = val_evaluator
