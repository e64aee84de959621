# STEGO on the built-in synthetic scenes (CPU-sized): a small randomly
# initialised ViT (96-d, 4 layers, patch 8) stands in for DINO, frozen; the
# head (code 32-d) is trained with the correspondence loss (COCO ViT-S
# weights and shifts) for 300 steps of batch 16 (STEGO's schedule
# otherwise); K = 6. No five-crop: the scenes are 96 px. The linear probe
# uses the train labels: it is the supervised protocol.
#   python tools/train.py configs/stego/stego_vit-tiny_synthetic.py
_base_ = [
    '../_base_/models/stego_vit-s8.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/schedules/stego_adam_5k.py',
    '../_base_/models/frozen_vit-tiny_p8.py',
]
model = dict(
    _delete_=True,
    type='STEGO',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.tiny_vit}},
    head=dict(type='STEGOHead', in_channels=96, code_dim=32, dropout=0.1),
    # the paper's COCO ViT-S λ and b
    loss=dict(type='CorrespondenceLoss', preset='coco_vit-s'),
    num_clusters={{_base_.num_classes}},
    num_classes={{_base_.num_classes}},
    test_cfg=dict(flip=False, crf=None))
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='KNNPairDataset',
        num_neighbours=7,
        # labels are loaded for the linear probe only
        dataset={{_base_.labelled_train_dataset}}))
val_evaluator = [
    dict(type='HungarianIoUMetric'),
    dict(type='LinearProbeIoUMetric', iou_metrics=['mIoU']),
]
test_evaluator = val_evaluator
default_hooks = dict(checkpoint=dict(interval=300))
train_cfg = dict(max_iters=300, val_interval=300)
