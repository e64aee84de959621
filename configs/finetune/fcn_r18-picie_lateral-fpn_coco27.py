# Supervised fine-tuning on COCO-Stuff-27 (curated _7 train list, with
# labels) from PiCIE's COCO result: backbone + FPN decoder loaded from the
# PiCIE checkpoint, FCN head from scratch. 40k iterations of SGD at batch
# 16 (8 GPUs x 2), 320 crops, evaluated on the _7 val list at the 320
# center crop with the supervised mIoU (no matching):
#   python tools/model_converters/extract_encoder.py \
#       work_dirs/picie_r18_fpn_coco27/epoch_10.pth \
#       checkpoints/picie_r18_coco27_encoder.pth
#   bash tools/dist_train.sh \
#       configs/finetune/fcn_r18-picie_lateral-fpn_coco27.py 8
# A converted official release (tools/model_converters/picie2mmusseg.py)
# works as well.
_base_ = [
    '../_base_/models/fcn_resnet_lateral_fpn.py',
    '../_base_/datasets/coco_stuff27.py',
    '../_base_/default_runtime.py',
]
pretrained = 'checkpoints/picie_r18_coco27_encoder.pth'
crop_size = (320, 320)
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.')),
    neck=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='neck.')),
    decode_head=dict(num_classes={{_base_.num_classes}}))
train_dataloader = dict(
    batch_size=2,
    dataset=dict(
        with_labels=True,
        pipeline=[
            dict(type='LoadAnyImageFromFile'),
            dict(type='LoadMappedAnnotations'),
            dict(type='RandomResize', scale=(640, 320),
                 ratio_range=(0.5, 2.0), keep_ratio=True),
            dict(type='RandomCrop', crop_size=crop_size,
                 cat_max_ratio=0.75),
            dict(type='RandomFlip', prob=0.5),
            dict(type='PhotoMetricDistortion'),
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
