# Ablation (Table 4), first row "PiCIE" (7.57 mIoU): PiCIE with R50 + FPN
# 256-d initialised from the official MoCo v2 ImageNet release, converted:
#   python tools/model_converters/iss2mmpretrain.py \
#       moco_v2_800ep_pretrain.pth.tar \
#       checkpoints/mocov2_r50_800ep_mmpretrain.pth
#   bash tools/dist_train.sh configs/pgg/picie_r50-mocov2-in1k_fpn_coco27.py 8
_base_ = ['./picie_r50-mocov2-coco_fpn_coco27.py']
model = dict(
    backbone=dict(
        init_cfg=dict(
            checkpoint='{{$ISS_CHECKPOINT:checkpoints/mocov2_r50_800ep_mmpretrain.pth}}'
        )))
