# COCO-Stuff-27 the STEGO way: train on the five crops of the un-suffixed
# curated list (Coco164kFull_Stuff_Coarse.txt), each paired with one of its
# 7 nearest crops (the KNN table is built and cached by the schedule's
# KNNHook from these same crops); labels are loaded for the linear probe
# only. Evaluation: the _7 val list, 320 crop, STEGO's resizing.
_base_ = ['./coco_stuff27.py']
stego_train_images = dict(
    _base_.train_images,
    curated_list='curated/train2017/Coco164kFull_Stuff_Coarse.txt',
    with_labels=True,
    pipeline={{_base_.five_crop_pipeline}})
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        _base_.knn_pairs,
        _delete_=True,
        dataset=dict(_base_.five_crops, dataset=stego_train_images)))
val_dataloader = dict(dataset=dict(pipeline={{_base_.stego_test_pipeline}}))
test_dataloader = val_dataloader
val_evaluator = {{_base_.stego_evaluator}}
test_evaluator = val_evaluator
