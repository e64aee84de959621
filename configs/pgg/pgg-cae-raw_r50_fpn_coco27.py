# Ablation (section 5.3): the CAE affinity from the raw image only (colour
# and position kernels), reported 12.01 mIoU.
#   bash tools/dist_train.sh configs/pgg/pgg-cae-raw_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(neck=dict(affinity='raw'))
