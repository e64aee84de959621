# Ablation (Table 4), row "+ CAE module" (9.76 mIoU): the "COCO-stuff
# finetune" row with the context-aware embedding as neck (affinity on the
# 1/16 grid from features, colour and position; output at 1/8), no
# image-level guidance.
#   bash tools/dist_train.sh \
#       configs/pgg/picie-cae_r50-mocov2-coco_fpn_coco27.py 8
_base_ = ['./picie_r50-mocov2-coco_fpn_coco27.py']
model = dict(neck=dict(_base_.cae_neck, _delete_=True))
