# Ablation (section 5.3): the CAE affinity from the CNN features only
# (cosine), reported 9.83 mIoU.
#   bash tools/dist_train.sh configs/pgg/pgg-cae-feature_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(neck=dict(affinity='feature'))
