# The parts of PGG + CAE that its configs share, named so that a config
# overrides scalars only (mmengine cannot merge into a dict inside a list
# such as `custom_hooks`): at the paper's widths (ResNet-50, 256-d FPN).
#   neck=dict(_base_.cae_neck, _delete_=True)
#   custom_hooks = [dict(_base_.label_hook, encoder=iss_encoder), ...]
#
# The ISS checkpoint, in mmpretrain's format (backbone.* and neck.* keys):
#   python tools/model_converters/iss2mmpretrain.py \
#       moco_v2_800ep_pretrain.pth.tar \
#       checkpoints/mocov2_r50_800ep_mmpretrain.pth
# then (the paper's "COCO-stuff finetune") MoCo v2 on the target images:
#   bash tools/dist_train.sh configs/pgg/mocov2_r50_coco27-pretrain.py 8
# Point ISS_CHECKPOINT at another MoCo v2 file to use it.
iss_checkpoint = (
    '{{$ISS_CHECKPOINT:checkpoints/mocov2_r50_coco27-finetune.pth}}')
# The MoCo v2 network that labels the views; the appendix labels images
# with the projector's features.
iss_encoder = dict(
    type='GlobalEncoder',
    backbone=dict(type='mmpretrain.ResNet', depth=50),
    neck=dict(
        type='mmpretrain.MoCoV2Neck',
        in_channels=2048,
        hid_channels=2048,
        out_channels=128,
        with_avg_pool=True),
    checkpoint=iss_checkpoint)
# The context-aware embedding: affinity on the 1/16 grid, output upsampled
# to 1/8 (the paper).
cae_neck = dict(
    type='ContextAwareEmbedding',
    fpn=dict(
        type='LateralFPN',
        in_channels=[256, 512, 1024, 2048],
        out_channels=256),
    channels=256,
    affinity='both',
    attention_stride=16,
    out_stride=8)
# At ResNet-18's widths (128-d, the synthetic-scene configs).
cae_neck_r18 = dict(
    cae_neck,
    fpn=dict(cae_neck['fpn'], in_channels=[64, 128, 256, 512],
             out_channels=128),
    channels=128)
# Pyramid crops as training images of their own (section 4.2.1): every
# image and its crops of side crop_ratio (the model's) are samples, e.g.
#   dataset=dict(_base_.pyramid_crops, dataset=view_train_dataset)
pyramid_crops = dict(
    type='PyramidCropDataset', crop_ratio=0.5, with_crops=True)
# Before training: the pyramid labels (cached under data/pgg_cache), with
# the ISS evaluation transform (256 resize, 224 center crop) and active
# selection of 40% of the views.
label_hook = dict(
    type='PyramidLabelHook',
    encoder=iss_encoder,
    resize=256,
    crop_size=224,
    select_ratio=0.4,
    num_iters=20,
    seed=0)
