# Supervised fine-tuning on the synthetic scenes' labels, from a PiCIE
# checkpoint trained with configs/picie/picie_r18_fpn_synthetic.py:
#   python tools/train.py configs/picie/picie_r18_fpn_synthetic.py
#   python tools/model_converters/extract_encoder.py \
#       work_dirs/picie_r18_fpn_synthetic/epoch_10.pth \
#       work_dirs/picie_r18_fpn_synthetic/encoder.pth
#   python tools/train.py \
#       configs/finetune/fcn_r18-picie_lateral-fpn_synthetic.py
# The backbone and the neck load the PiCIE weights; the FCN head starts
# from scratch. Compare with a random initialisation:
#   --cfg-options model.backbone.init_cfg=None model.neck.init_cfg=None
_base_ = [
    '../_base_/models/fcn_resnet_lateral_fpn.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/schedules/sgd_poly_40k.py',
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
# the supervised mIoU (no matching)
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
param_scheduler = [dict(_base_.param_scheduler[0], end=300)]
train_cfg = dict(max_iters=300, val_interval=300)
default_hooks = dict(checkpoint=dict(interval=300))
