# Ablation (Table 4), row "+ GG." (12.61 mIoU): CAE plus global guidance
# with one pseudo-label per image (no pyramid crops, so the train set holds
# the whole images only) and the classical CAM head, L = 50 image clusters.
# Also the L = 50 entry of the label-count study (Table 5: 25 / 50 / 100 /
# 200 -> 13.11 / 12.61 / 12.40 / 10.55). Active selection keeps 40% of the
# images here too (the paper describes it as part of pseudo-label
# generation).
#   bash tools/dist_train.sh configs/pgg/gg-cae-cam_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(pyramid=False, guidance_head=dict(head_type='cam'))
train_dataloader = dict(dataset=dict(with_crops=False))
