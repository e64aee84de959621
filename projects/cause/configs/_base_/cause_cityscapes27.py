# Cityscapes-27 as CAUSE uses it (STEGO's protocol, reference
# `loader/dataloader.py`): train on the five crops of fine `train`, test on
# `val` (500 images). Labels of the train crops feed the supervised linear
# probe only. Crop 320 here; configs switch pipelines.
_base_ = ['../../../../configs/_base_/datasets/cityscapes27_stego.py',
          './cause_pipelines.py']
cause_train_images = dict(
    _base_.stego_train_images, pipeline=_base_.train_pipeline_320)
train_dataloader = dict(
    batch_size=16,
    dataset=dict(_base_.five_crops, _delete_=True, dataset=cause_train_images))
val_dataloader = dict(
    batch_size=16, dataset=dict(pipeline={{_base_.test_pipeline_320}}))
test_dataloader = val_dataloader
