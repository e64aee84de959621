# The paper's Table 2, "Stuff" row (68.23 acc / 28.30 mIoU; PiCIE 45.66 /
# 12.82): the full model (pgg_r50_fpn_coco27.py) trained and evaluated on COCO-
# Stuff's 15 stuff classes alone, PiCIE's Stuff-15 benchmark: K = 15 pixel
# clusters, the other partition's pixels ignored in evaluation. A separate run
# from the "All" row: the paper's All score lies outside the range of its two
# partial scores, so they are not partials of one model.
#   bash tools/dist_train.sh configs/pgg/pgg_r50_fpn_coco27_stuff.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(cluster_head=dict(num_clusters=15))
val_dataloader = dict(
    dataset=dict(type='COCOStuff27PartitionDataset', partition='stuff'))
test_dataloader = val_dataloader
