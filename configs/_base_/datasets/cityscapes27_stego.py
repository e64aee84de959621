# Cityscapes-27, STEGO's protocol (docs/dataset_prepare.md#cityscapes-27):
# train on fine `train`, evaluate on `val` (500 images), on a 320 center
# crop.
_base_ = ['./cityscapes27_picie.py']
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type={{_base_.dataset_type}},
        data_root={{_base_.data_root}},
        split='val',
        test_mode=True,
        pipeline={{_base_.test_pipeline}}))
test_dataloader = val_dataloader
# STEGO trains on the five crops of fine `train`, each paired with one of
# its 7 nearest crops (KNNHook); labels for the linear probe only.
stego_images = dict(
    type={{_base_.dataset_type}}, data_root={{_base_.data_root}},
    split='train')
stego_train_dataset = dict(
    type='KNNPairDataset',
    num_neighbours=7,
    dataset=dict(
        type='FiveCropDataset',
        crop_ratio=0.5,
        dataset=dict(
            stego_images,
            with_labels=True,
            pipeline={{_base_.five_crop_train_pipeline}})))
stego_knn_hook = dict(
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
                stego_images,
                with_labels=False,
                pipeline={{_base_.five_crop_knn_pipeline}}))))
train_dataloader = dict(
    batch_size=16, dataset=dict(_delete_=True, **stego_train_dataset))
custom_hooks = [stego_knn_hook]
