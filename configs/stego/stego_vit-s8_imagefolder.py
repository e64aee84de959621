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
pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='FiveCrop', square=False, jpeg_quality=75),
    dict(type='ResizeCenterCrop', scale={{_base_.stego_crop_size}},
         interpolation='nearest', backend='pillow',
         torchvision_rounding=True),
    dict(type='PackSegInputs', meta_keys={{_base_.meta_keys}}),
]
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='KNNPairDataset',
        num_neighbours=7,
        dataset=dict(
            type='FiveCropDataset',
            crop_ratio=0.5,
            dataset=dict(images, pipeline=pipeline))))
train_cfg = dict(val_interval=10**9)  # nothing to validate on
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = None
test_dataloader = None
test_evaluator = None
