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
iss_encoder = dict(_base_.iss_encoder, checkpoint=iss_checkpoint)
label_hook = dict(_base_.label_hook, encoder=iss_encoder)
custom_hooks = [label_hook, *_base_.clustering_hooks]
