# Pipelines of the 320 protocol shared by COCO-Stuff-27 and Cityscapes-27:
# resize the shorter side to 320 and center-crop 320x320; evaluation
# compares predictions with the labels at that crop.
crop_size = 320
meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape',
             'pad_shape', 'scale_factor', 'flip', 'flip_direction',
             'reduce_zero_label', 'sample_idx')
train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='ResizeCenterCrop', scale=crop_size),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
test_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),
    dict(type='ResizeCenterCrop', scale=crop_size),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
# Methods that draw their views in the model from (seed, epoch, sample_idx)
# (PiCIE, PGG) only load the image: a 640 center crop, twice the 320 view
# size, as PiCIE's loader (no random flip: it would differ between the
# clustering and the training pass of an epoch).
view_source_size = 640
view_train_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='ResizeCenterCrop', scale=view_source_size),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
# STEGO trains on the five crops of every image (FiveCropDataset), each
# resized to 224; KNNHook sees the same crops (label loading removed).
stego_crop_size = 224
five_crop_pipeline = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadMappedAnnotations'),  # for the linear probe only
    dict(type='FiveCrop'),
    dict(type='ResizeCenterCrop', scale=stego_crop_size),
    dict(type='PackSegInputs', meta_keys=meta_keys),
]
