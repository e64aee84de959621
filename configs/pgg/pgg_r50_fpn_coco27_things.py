# The paper's Table 2, "Things" row (45.87 acc / 22.13 mIoU; PiCIE 47.99 /
# 13.89): the full model (pgg_r50_fpn_coco27.py) trained and evaluated on COCO-
# Stuff's 12 things classes alone, PiCIE's Things-12 benchmark: K = 12 pixel
# clusters, the other partition's pixels ignored in evaluation. A separate run
# from the "All" row: the paper's All score lies outside the range of its two
# partial scores, so they are not partials of one model.
#   bash tools/dist_train.sh configs/pgg/pgg_r50_fpn_coco27_things.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(cluster_head=dict(num_clusters=12))
val_dataloader = dict(
    dataset=dict(type='COCOStuff27PartitionDataset', partition='things'))
test_dataloader = val_dataloader
