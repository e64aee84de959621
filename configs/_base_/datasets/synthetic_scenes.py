# Built-in synthetic scenes: generated from `seed` on first use and cached
# under data_root. Classes are defined by texture and shape, not colour.
_base_ = ['./defaults.py']
dataset_type = 'SyntheticScenesDataset'
data_root = 'data/synthetic_scenes'
num_classes = 6
synthetic_args = dict(num_train=200, num_val=50, img_size=(96, 96), seed=0)
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
# The train images without augmentation: what methods that draw views in
# the model (PiCIE) load, and what evaluation-time clustering sees.
plain_train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
scenes = dict(type=dataset_type, data_root=data_root, **synthetic_args)
plain_train_dataset = dict(
    scenes, split='train', pipeline=plain_train_pipeline)
view_train_dataset = plain_train_dataset
# The train images with their labels, for supervised probes (STEGO's
# linear probe) and fine-tuning.
labelled_train_dataset = dict(
    plain_train_dataset,
    pipeline=[
        dict(type='LoadAnyImageFromFile'),
        dict(type='LoadMappedAnnotations'),
        dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
    ])
# two workers, not kept alive: the scenes are small
train_dataloader = dict(
    _base_.train_loader,
    batch_size=16,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(plain_train_dataset, pipeline=train_pipeline))
val_dataloader = dict(
    _base_.test_loader,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(
        scenes, split='val', test_mode=True, pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='HungarianIoUMetric')
test_evaluator = val_evaluator
