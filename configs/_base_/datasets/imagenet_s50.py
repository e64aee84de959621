# ImageNet-S-50 in the official layout (docs/dataset_prepare.md#imagenet-s):
#   data/ImageNetS/ImageNetS50/{train,validation,test}/WNID/*.JPEG
#   data/ImageNetS/ImageNetS50/validation-segmentation/WNID/*.png
# Trains on the train images without labels (64,431) and evaluates on
# validation (752) with the official protocol (ImageNetSMetric: image-level
# co-occurrence matching, background scored, ignore 1000, at the original
# resolution, as LUSSeg/ImageNet-S evaluation/ does). Images go in at their
# own size; a method's config sets its inference size (PASS: shorter side
# 256, see configs/_base_/pass/finetune.py). The test split's masks are on
# the benchmark server: export predictions for it instead of evaluating.
_base_ = ['./defaults.py']
dataset_type = 'ImageNetSDataset'
data_root = 'data/ImageNetS'
subset = 50
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadImageNetSAnnotations'),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
images = dict(type=dataset_type, data_root=data_root)
train_dataloader = dict(
    _base_.train_loader,
    dataset=dict(
        images,
        subset=subset,
        split='train',
        with_labels=False,
        pipeline=train_pipeline))
val_dataloader = dict(
    _base_.test_loader,
    batch_size=1,  # images keep their own sizes
    dataset=dict(
        images,
        subset=subset,
        split='validation',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    type='ImageNetSMetric',
    num_classes=subset,
    # reuse on test: ImageNetSMetric(matching_file=...)
    save_matching='work_dirs/imagenet_s50_matching.json')
test_evaluator = val_evaluator
