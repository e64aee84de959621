# COCO-Stuff-27 as CAUSE uses it (reference `loader/dataloader.py`): train
# on the five crops of the un-suffixed curated train list
# (Coco164kFull_Stuff_Coarse.txt, STEGO's cropped set), test on the
# curated `_7` val list (2,175 images). Labels of the train crops feed the
# supervised linear probe only. Crop 320 here; configs switch pipelines.
_base_ = ['../../../../configs/_base_/datasets/coco_stuff27_stego.py',
          './cause_pipelines.py']
cause_train_images = dict(
    _base_.stego_train_images, pipeline=_base_.train_pipeline_320)
train_dataloader = dict(
    batch_size=16,
    dataset=dict(_base_.five_crops, _delete_=True, dataset=cause_train_images))
val_dataloader = dict(
    batch_size=16, dataset=dict(pipeline={{_base_.test_pipeline_320}}))
test_dataloader = val_dataloader
