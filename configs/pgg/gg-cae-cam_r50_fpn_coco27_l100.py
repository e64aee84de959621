# Ablation (Table 5): the "+ GG." row with L = 100 image clusters.
#   bash tools/dist_train.sh configs/pgg/gg-cae-cam_r50_fpn_coco27_l100.py 8
_base_ = ['./gg-cae-cam_r50_fpn_coco27.py']
model = dict(guidance_head=dict(num_classes=100))
