# The paper's Table 1 "Ours" (48.5 acc), fully self-supervised on COCO only:
# R50 + FPN 256-d initialised from MoCo v2 trained from scratch on the
# COCO-Stuff-27 train images (mocov2_r50_coco27-scratch-pretrain.py), which
# also gives the pyramid labels; the full model "except that in table. 1 we
# use the classical CAM structure" (section 5.1), i.e. CAE, PGG with crops
# as training images, L = 50, the "cam" head.
#   bash tools/dist_train.sh \
#       configs/pgg/mocov2_r50_coco27-scratch-pretrain.py 8
#   cp work_dirs/mocov2_r50_coco27-scratch-pretrain/epoch_200.pth \
#       checkpoints/mocov2_r50_coco27-scratch.pth
#   bash tools/dist_train.sh \
#       configs/pgg/pgg-cae-cam_r50-mocov2-cocoonly_fpn_coco27.py 8
_base_ = ['./pgg-cae-cam_r50_fpn_coco27.py']
iss_checkpoint = (
    '{{$ISS_CHECKPOINT:checkpoints/mocov2_r50_coco27-scratch.pth}}')
model = dict(backbone=dict(init_cfg=dict(checkpoint=iss_checkpoint)))
custom_hooks = [
    dict(
        type='PyramidLabelHook',
        encoder=dict(
            type='GlobalEncoder',
            backbone=dict(type='mmpretrain.ResNet', depth=50),
            neck=dict(
                type='mmpretrain.MoCoV2Neck',
                in_channels=2048,
                hid_channels=2048,
                out_channels=128,
                with_avg_pool=True),
            checkpoint=iss_checkpoint),
        resize=256,
        crop_size=224,
        select_ratio=0.4,
        num_iters=20,
        seed=0),
    {{_base_.epoch_clustering}},
    {{_base_.eval_clustering}},
]
