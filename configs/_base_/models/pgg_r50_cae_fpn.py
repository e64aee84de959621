# PGG + CAE ("Fully Self-Supervised Learning for Semantic Segmentation"):
# PiCIE's encoder with ResNet-50 and a 256-d FPN (the paper's setting),
# initialised from an instance-level self-supervised (ISS) checkpoint, the
# context-aware embedding (CAE) as neck, and the "Mod." image-level head
# on L = 50 pyramid pseudo-labels. The same ISS checkpoint also computes
# those labels (PyramidLabelHook, via `iss_encoder`).
#
# The ISS checkpoint, its encoder, the CAE neck and the label hook are
# defined in pgg_components.py. SwAV needs its own encoder and prototypes:
# configs/pgg/pgg_r50-swav-in1k_fpn_*.py.
_base_ = ['./picie_r18_lateral_fpn.py', './pgg_components.py']
model = dict(
    type='PGG',
    backbone=dict(
        depth=50,
        init_cfg=dict(
            type='Pretrained', checkpoint=_base_.iss_checkpoint,
            prefix='backbone.')),
    neck=dict(_base_.cae_neck, _delete_=True),
    cluster_head=dict(num_clusters=27, channels=256),
    guidance_head=dict(
        type='GlobalGuidanceHead',
        in_channels=256,
        num_classes=50,  # L, the paper's default (ablation: 25/50/100/200)
        head_type='mod'),
    pyramid=True,
    # crops are training images of their own (PyramidCropDataset in the
    # train set); 'region' pools a crop's label over its part of the views
    crop_mode='independent',
    # not given by the paper: crops of half the side, (region) a crop's
    # label used where half of it is in the view, the image-level CE 1
    crop_ratio=0.5,
    min_crop_coverage=0.5,
    guidance_loss_weight=1.0)
# The SwAV ImageNet release as ISS network (the pgg_r50-swav-in1k_* rows):
# its backbone initialises the model, and its 3,000 prototypes, grouped
# into L clusters, label the views (section 4.2.1).
swav_checkpoint = (
    '{{$ISS_CHECKPOINT:checkpoints/swav_r50_800ep_mmpretrain.pth}}')
swav_label_hook = dict(
    _base_.label_hook,
    encoder=dict(
        _base_.iss_encoder,
        neck=dict(
            type='mmpretrain.SwAVNeck',
            in_channels=2048,
            hid_channels=2048,
            out_channels=128,
            norm_cfg=dict(type='BN1d')),
        prototypes_key='head.loss_module.prototypes.weight',
        checkpoint=swav_checkpoint))
