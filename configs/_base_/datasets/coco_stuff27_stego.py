# COCO-Stuff-27 the STEGO way: train on the five crops of the un-suffixed
# curated list (Coco164kFull_Stuff_Coarse.txt), each paired with one of its
# 7 nearest crops (the KNN table is built and cached by the schedule's
# KNNHook from these same crops); labels are loaded for the linear probe
# only. Evaluation: the _7 val list, 320 crop, STEGO's resizing.
_base_ = ['./coco_stuff27.py']
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        _delete_=True,
        type='KNNPairDataset',
        num_neighbours=7,
        dataset=dict(
            type='FiveCropDataset',
            crop_ratio=0.5,
            dataset=dict(
                type={{_base_.dataset_type}},
                data_root={{_base_.data_root}},
                split='train2017',
                curated_list='curated/train2017/'
                'Coco164kFull_Stuff_Coarse.txt',
                with_labels=True,
                pipeline={{_base_.five_crop_pipeline}}))))
val_dataloader = dict(dataset=dict(pipeline={{_base_.stego_test_pipeline}}))
test_dataloader = val_dataloader
# Unsupervised score of the cluster probe, and the supervised linear-probe
# score under the 'linear_probe/' prefix.
val_evaluator = [
    dict(type='HungarianIoUMetric'),
    dict(type='LinearProbeIoUMetric', iou_metrics=['mIoU']),
]
test_evaluator = val_evaluator
