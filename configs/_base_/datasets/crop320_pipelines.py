# Pipelines of the 320 protocol shared by COCO-Stuff-27 and Cityscapes-27:
# resize the shorter side to 320 and center-crop 320x320; evaluation
# compares predictions with the labels at that crop.
_base_ = ['./defaults.py']
crop_size = 320
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='ResizeCenterCrop', scale=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='ResizeCenterCrop', scale=crop_size),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
# Methods that draw their views in the model from (seed, epoch, sample_idx)
# (PiCIE, PGG) only load the image: a 640 center crop, twice the 320 view
# size, as PiCIE's loader (no random flip: it would differ between the
# clustering and the training pass of an epoch).
view_source_size = 640
view_train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='ResizeCenterCrop', scale=view_source_size),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
# STEGO trains on the five crops of every image (FiveCropDataset), each
# resized to 224; KNNHook sees the same crops (label loading removed).
# As mhamilton723/STEGO (src/crop_datasets.py, src/utils.py get_transform):
# half-height x half-width crops re-encoded as JPEG, then torchvision's
# Resize(NEAREST) + CenterCrop on Pillow images, for training (224) and
# evaluation (320) alike.
stego_crop_size = 224
stego_resize = dict(type='ResizeCenterCrop', interpolation='nearest',
                    backend='pillow', torchvision_rounding=True)
five_crop_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),  # for the linear probe only
    dict(type='FiveCrop', square=False, jpeg_quality=75),
    dict(stego_resize, scale=stego_crop_size),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
stego_test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(stego_resize, scale=crop_size),
    dict(type='PackSegInputs', meta_keys=_base_.meta_keys),
]
# STEGO's training set wraps a dataset's images as
#   dict(knn_pairs, dataset=dict(five_crops, dataset=images))
# (half-height x half-width crops, each paired with one of its 7 nearest
# crops; KNNHook in the schedule builds the table), and it is scored by the
# cluster probe without labels and by the supervised linear probe (under
# the 'linear_probe/' prefix).
five_crops = dict(type='FiveCropDataset', crop_ratio=0.5)
knn_pairs = dict(type='KNNPairDataset', num_neighbours=7)
stego_evaluator = [
    dict(type='HungarianIoUMetric'),
    dict(type='LinearProbeIoUMetric', iou_metrics=['mIoU']),
]
