# STEGO, DINO ViT-S/8, on your own unlabeled images: only the data root is
# needed (every image under it, recursively, is five-cropped and paired with
# its nearest crops). No labels, so no linear probe and no evaluation;
# look at the result with tools/infer.py. K = 27 clusters: change
# model.num_clusters to what you expect.
#   DATA_ROOT=path/to/images python tools/train.py configs/stego/stego_vit-s8_imagefolder.py
# (DATA_ROOT is read when the config is loaded, so it reaches both the
# training set and the KNN hook.)
_base_ = [
    '../_base_/models/stego_vit-s8.py',
    '../_base_/datasets/crop320_pipelines.py',
    '../_base_/schedules/stego_adam_5k.py',
    '../_base_/default_runtime.py',
]
data_root = '{{$DATA_ROOT:data/my_images}}'
images = dict(type='ImageFolderDataset', data_root=data_root)
model = dict(num_classes=None)  # no labels: cluster probe only
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
            dataset=dict(images, pipeline={{_base_.five_crop_knn_pipeline}}))))
custom_hooks = [
    dict(
        type='KNNHook',
        k=30,
        cache_dir='data/knn_cache',
        dataloader=dict(
            batch_size=16,
            num_workers=4,
            sampler=dict(type='DefaultSampler', shuffle=False),
            dataset=dict(
                type='FiveCropDataset',
                crop_ratio=0.5,
                dataset=dict(
                    images, pipeline={{_base_.five_crop_knn_pipeline}}))))
]
train_cfg = dict(val_interval=10**9)  # nothing to validate on
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = None
test_dataloader = None
test_evaluator = None
log_processor = {{_base_.stego_log_processor}}
default_hooks = {{_base_.stego_default_hooks}}
