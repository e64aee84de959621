# COCO-Stuff-27 the STEGO way: train on the five crops of the un-suffixed
# curated list (Coco164kFull_Stuff_Coarse.txt), each paired with one of its
# 7 nearest crops (KNN table built and cached by KNNHook); labels are
# loaded for the linear probe only. Evaluation: the _7 val list, 320 crop.
_base_ = ['./coco_stuff27.py']
stego_images = dict(
    type={{_base_.dataset_type}},
    data_root={{_base_.data_root}},
    split='train2017',
    curated_list='curated/train2017/Coco164kFull_Stuff_Coarse.txt')
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
