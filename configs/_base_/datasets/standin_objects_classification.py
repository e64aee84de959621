# The stand-in corpus as a classification dataset (mmpretrain scope): 50
# (shape, texture) classes, 64 train / 8 validation images of 64 px each,
# generated on first use under data/standin_objects (see
# mmusseg/datasets/object_generator.py). The augmentation is mmpretrain's
# ImageNet one (random resized crop, here of at least half the image, and
# flip); no colour jitter, as every region of the corpus has random colours
# already, so colour cannot be the class.
dataset_type = 'StandinObjectsClassification'
standin_args = dict(data_root='data/standin_objects', seed=0)
num_classes = 50
crop_size = 64
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=crop_size,
         crop_ratio_range=(0.5, 1.0), backend='pillow'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackInputs'),
]
test_pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]
train_dataloader = dict(
    batch_size=64,
    num_workers=2,
    persistent_workers=True,
    drop_last=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type=dataset_type, split='train', pipeline=train_pipeline,
        **standin_args))
val_dataloader = dict(
    batch_size=100,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type=dataset_type, split='validation', pipeline=test_pipeline,
        **standin_args))
val_evaluator = dict(type='Accuracy', topk=(1, 5))
val_cfg = dict()
data_preprocessor = dict(
    num_classes=num_classes,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)
