# Cityscapes-27, STEGO's protocol (docs/dataset_prepare.md#cityscapes-27):
# train on fine `train` (labels unused), evaluate on `val` (500 images), on a
# 320 center crop.
_base_ = ['./cityscapes27_picie.py']
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type={{_base_.dataset_type}},
        data_root={{_base_.data_root}},
        split='train',
        with_labels=False,
        pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type={{_base_.dataset_type}},
        data_root={{_base_.data_root}},
        split='val',
        test_mode=True,
        pipeline={{_base_.test_pipeline}}))
test_dataloader = val_dataloader
