# mmseg's data preprocessor with the ImageNet statistics (RGB), shared by
# the model bases; a model sets size_divisor (32 for a ResNet, the patch
# size for a ViT) by overriding the scalar.
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255,
    size_divisor=32)
