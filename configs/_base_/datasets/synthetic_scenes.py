# Built-in synthetic scenes: generated from `seed` on first use and cached
# under data_root. Classes are defined by texture and shape, not colour.
dataset_type = 'SyntheticScenesDataset'
data_root = 'data/synthetic_scenes'
num_classes = 6
synthetic_args = dict(num_train=200, num_val=50, img_size=(96, 96), seed=0)
meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape',
             'pad_shape', 'scale_factor', 'flip', 'flip_direction',
             'reduce_zero_label', 'sample_idx')
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
# The train images without augmentation: what methods that draw views in
# the model (PiCIE) load, and what evaluation-time clustering sees.
plain_train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
plain_train_dataset = dict(
    type=dataset_type,
    data_root=data_root,
    split='train',
    pipeline=plain_train_pipeline,
    **synthetic_args)
view_train_dataset = plain_train_dataset
# The train images with their labels, for supervised probes (STEGO's
# linear probe) and fine-tuning.
labelled_train_dataset = dict(
    plain_train_dataset,
    pipeline=[
        dict(type='LoadAnyImageFromFile'),
        dict(type='LoadMappedAnnotations'),
        dict(type='PackSegInputs', meta_keys=meta_keys),
    ])
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline,
        **synthetic_args))
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val',
        test_mode=True,
        pipeline=test_pipeline,
        **synthetic_args))
test_dataloader = val_dataloader
val_evaluator = dict(type='HungarianIoUMetric')
test_evaluator = val_evaluator
