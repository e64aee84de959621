# Cityscapes-27 as CAUSE uses it (STEGO's protocol, reference
# `loader/dataloader.py`): train on the five crops of fine `train`, test on
# `val` (500 images). Labels of the train crops feed the supervised linear
# probe only. Crop 320 here; configs switch pipelines.
_base_ = ['../../../../configs/_base_/datasets/cityscapes27_stego.py',
          './cause_pipelines.py']
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        _delete_=True,
        type='FiveCropDataset',
        crop_ratio=0.5,
        dataset=dict(
            type={{_base_.dataset_type}},
            data_root={{_base_.data_root}},
            split='train',
            with_labels=True,
            pipeline={{_base_.train_pipeline_320}})))
val_dataloader = dict(
    batch_size=16, dataset=dict(pipeline={{_base_.test_pipeline_320}}))
test_dataloader = val_dataloader
