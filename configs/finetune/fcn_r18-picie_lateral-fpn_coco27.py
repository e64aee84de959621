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
    '../_base_/schedules/sgd_poly_40k.py',
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
# the supervised mIoU (no matching)
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
