# Ablation (Table 4), row "+ PGG strategy" (13.43 mIoU): CAE plus pyramid
# global guidance (the whole image and its 4 corner and center crops, 40%
# active selection) with the classic CAM head. The next row, "+ Mod."
# (14.76), is the full model, pgg_r50_fpn_coco27.py.
#   bash tools/dist_train.sh configs/pgg/pgg-cae-cam_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(guidance_head=dict(head_type='cam'))
