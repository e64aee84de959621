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
# Unsupervised score of the cluster probe, and the supervised linear-probe
# score under the 'linear_probe/' prefix.
val_evaluator = [
    dict(type='HungarianIoUMetric'),
    dict(type='LinearProbeIoUMetric', iou_metrics=['mIoU']),
]
test_evaluator = val_evaluator
# STEGO trains on the five crops of fine `train`, each paired with one of
# its 7 nearest crops (KNNHook in the schedule); labels for the linear
# probe only.
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
                split='train',
                with_labels=True,
                pipeline={{_base_.five_crop_pipeline}}))))
