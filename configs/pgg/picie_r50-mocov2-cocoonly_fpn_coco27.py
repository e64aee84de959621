# The paper's Table 1 "PiCIE*" (33.0 acc): PiCIE initialised from MoCo v2
# trained from scratch on the COCO-Stuff-27 train images only
# (mocov2_r50_coco27-scratch-pretrain.py). The paper does not name the
# backbone of this row; R50 + FPN 256-d, as its other rows, is used.
#   bash tools/dist_train.sh \
#       configs/pgg/picie_r50-mocov2-cocoonly_fpn_coco27.py 8
_base_ = ['./picie_r50-mocov2-coco_fpn_coco27.py']
model = dict(
    backbone=dict(
        init_cfg=dict(
            checkpoint='{{$ISS_CHECKPOINT:checkpoints/mocov2_r50_coco27-scratch.pth}}'
        )))
