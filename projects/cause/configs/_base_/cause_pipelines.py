# CAUSE's images: the reference (ByungKwanLee/Causal-Unsupervised-
# Segmentation, `utils/utils.py`, `get_cococity_transform`) resizes the
# shorter side with NEAREST and center-crops, for images and labels alike,
# with no augmentation. It trains on STEGO's five crops (crop ratio 0.5)
# of each train image and tests on the full val images. Crop: 320 (DINO
# mediator, TR heads, all testing), 224 (the MLP head's training stages),
# 322 (DINOv2, a multiple of its patch 14).
cause_meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape',
             'pad_shape', 'scale_factor', 'flip', 'flip_direction',
             'reduce_zero_label', 'sample_idx')


def _five_crop_pipeline(size):
    return [
        dict(type='LoadAnyImageFromFile'),
        dict(type='LoadMappedAnnotations'),  # for the linear probe only
        dict(type='FiveCrop'),
        dict(type='ResizeCenterCrop', scale=size, interpolation='nearest'),
        dict(type='PackSegInputs', meta_keys=cause_meta_keys),
    ]


def _test_pipeline(size):
    return [
        dict(type='LoadAnyImageFromFile'),
        dict(type='LoadMappedAnnotations'),
        dict(type='ResizeCenterCrop', scale=size, interpolation='nearest'),
        dict(type='PackSegInputs', meta_keys=cause_meta_keys),
    ]


train_pipeline_320 = _five_crop_pipeline(320)
train_pipeline_224 = _five_crop_pipeline(224)
train_pipeline_322 = _five_crop_pipeline(322)
test_pipeline_320 = _test_pipeline(320)
test_pipeline_322 = _test_pipeline(322)
# Overrides of a five-crop dataset config's loaders for the 322 crops
# (DINOv2): `train_dataloader = {{_base_.train_loader_322}}`.
train_loader_322 = dict(
    dataset=dict(dataset=dict(pipeline=train_pipeline_322)))
test_loader_322 = dict(dataset=dict(pipeline=test_pipeline_322))
