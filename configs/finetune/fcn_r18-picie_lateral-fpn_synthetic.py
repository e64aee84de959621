# Supervised fine-tuning on the synthetic scenes' labels, from a PiCIE
# checkpoint trained with configs/picie/picie_r18_fpn_synthetic.py:
#   python tools/train.py configs/picie/picie_r18_fpn_synthetic.py
#   python tools/model_converters/extract_encoder.py \
#       work_dirs/picie_r18_fpn_synthetic/epoch_10.pth \
#       work_dirs/picie_r18_fpn_synthetic/encoder.pth
#   python tools/train.py \
#       configs/finetune/fcn_r18-picie_lateral-fpn_synthetic.py
# The backbone and the neck load the PiCIE weights; the FCN head starts
# from scratch. Compare with --cfg-options pretrained=None (random init).
_base_ = [
    '../_base_/models/fcn_resnet_lateral_fpn.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/default_runtime.py',
]
pretrained = 'work_dirs/picie_r18_fpn_synthetic/encoder.pth'
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.')),
    neck=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='neck.')),
    decode_head=dict(num_classes={{_base_.num_classes}}))
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadAnyImageFromFile'),
        dict(type='LoadMappedAnnotations'),
        dict(type='RandomFlip', prob=0.5),
        dict(type='PackSegInputs', meta_keys={{_base_.meta_keys}}),
    ]))
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
# supervised predictions are classes, not clusters
visualizer = dict(type='SegLocalVisualizer', _delete_=True,
                  vis_backends={{_base_.vis_backends}}, name='visualizer')
test_evaluator = val_evaluator
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=300,
         by_epoch=False)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=300, val_interval=300)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
log_processor = dict(by_epoch=False)
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=300))
