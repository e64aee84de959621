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
