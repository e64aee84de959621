# COCO-Stuff-27 as CAUSE uses it (reference `loader/dataloader.py`): train
# on the five crops of the un-suffixed curated train list
# (Coco164kFull_Stuff_Coarse.txt, STEGO's cropped set), test on the
# curated `_7` val list (2,175 images). Labels of the train crops feed the
# supervised linear probe only. Crop 320 here; configs switch pipelines.
_base_ = ['../../../../configs/_base_/datasets/coco_stuff27.py',
          './cause_pipelines.py']
cause_train_images = dict(
    type={{_base_.dataset_type}},
    data_root={{_base_.data_root}},
    split='train2017',
    curated_list='curated/train2017/Coco164kFull_Stuff_Coarse.txt',
    with_labels=True,
    pipeline={{_base_.train_pipeline_320}})
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        _delete_=True,
        type='FiveCropDataset',
        crop_ratio=0.5,
        dataset=cause_train_images))
val_dataloader = dict(
    batch_size=16, dataset=dict(pipeline={{_base_.test_pipeline_320}}))
test_dataloader = val_dataloader
