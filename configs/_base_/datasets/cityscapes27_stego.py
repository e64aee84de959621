# Cityscapes-27, STEGO's protocol (docs/dataset_prepare.md#cityscapes-27):
# train on fine `train`, evaluate on `val` (500 images), on a 320 center
# crop with STEGO's resizing.
_base_ = ['./cityscapes27_picie.py']
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type={{_base_.dataset_type}},
        data_root={{_base_.data_root}},
        split='val',
        test_mode=True,
        pipeline={{_base_.stego_test_pipeline}}))
test_dataloader = val_dataloader
val_evaluator = {{_base_.stego_evaluator}}
test_evaluator = val_evaluator
# STEGO trains on the five crops of fine `train` (labels for the linear
# probe only).
stego_train_images = dict(
    type={{_base_.dataset_type}},
    data_root={{_base_.data_root}},
    split='train',
    with_labels=True,
    pipeline={{_base_.five_crop_pipeline}})
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        _base_.knn_pairs,
        _delete_=True,
        dataset=dict(_base_.five_crops, dataset=stego_train_images)))
