# STEGO, DINO ViT-S/8, on your own unlabeled images: only the data root is
# needed (every image under it, recursively, is five-cropped and paired with
# its nearest crops). No labels, so no linear probe and no evaluation;
# look at the result with tools/infer.py. K = 27 clusters: change
# model.num_clusters to what you expect.
#   DATA_ROOT=path/to/images python tools/train.py \
#       configs/stego/stego_vit-s8_imagefolder.py
# (DATA_ROOT is read when the config is loaded; the KNN hook derives its
# images from the training set.)
_base_ = [
    '../_base_/models/stego_vit-s8.py',
    '../_base_/datasets/crop320_pipelines.py',
    '../_base_/schedules/stego_adam_5k.py',
]
data_root = '{{$DATA_ROOT:data/my_images}}'
images = dict(type='ImageFolderDataset', data_root=data_root)
model = dict(num_classes=None)  # no labels: cluster probe only
# STEGO's five-crop pipeline without label loading
pipeline = [
    step for step in _base_.five_crop_pipeline
    if step.type != 'LoadMappedAnnotations'
]
train_dataloader = dict(
    _base_.train_loader,
    batch_size=16,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        _base_.knn_pairs,
        dataset=dict(_base_.five_crops, dataset=dict(images,
                                                     pipeline=pipeline))))
train_cfg = dict(val_interval=10**9)  # nothing to validate on
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = None
test_dataloader = None
test_evaluator = None
