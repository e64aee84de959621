# Cityscapes-27, PiCIE's protocol (docs/dataset_prepare.md#cityscapes-27):
# train without labels on leftImg8bit train_extra + test, evaluate on the
# labelled train + val images (3,475), on a 320 center crop.
_base_ = ['./crop320_pipelines.py']
dataset_type = 'Cityscapes27Dataset'
data_root = 'data/cityscapes'
num_classes = 27
# The train images, without labels, of both splits.
train_images = [
    dict(
        type=dataset_type,
        data_root=data_root,
        split=split,
        with_labels=False) for split in ('train_extra', 'test')
]
# The train images for methods that draw views in the model (PiCIE, PGG).
# IndexedConcatDataset: sample_idx unique over both splits (PiCIE draws
# its views from it, PGG looks up its image labels by it).
view_train_dataset = dict(
    type='IndexedConcatDataset',
    datasets=[
        dict(images, pipeline=_base_.view_train_pipeline)
        for images in train_images
    ])
train_dataloader = dict(
    _base_.train_loader,
    dataset=dict(
        type='ConcatDataset',
        datasets=[
            dict(images, pipeline=_base_.train_pipeline)
            for images in train_images
        ]))
val_dataloader = dict(
    _base_.test_loader,
    dataset=dict(
        type='ConcatDataset',
        datasets=[
            dict(
                type=dataset_type,
                data_root=data_root,
                split=split,
                test_mode=True,
                pipeline={{_base_.test_pipeline}})
            for split in ('train', 'val')
        ]))
test_dataloader = val_dataloader
val_evaluator = dict(type='HungarianIoUMetric')
test_evaluator = val_evaluator
