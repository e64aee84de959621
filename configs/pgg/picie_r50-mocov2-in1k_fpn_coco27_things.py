# The paper's Table 2, PiCIE's "Things" row (47.99 acc / 13.89 mIoU): PiCIE
# from the MoCo v2 ImageNet release (picie_r50-mocov2-in1k_fpn_coco27.py)
# trained and evaluated on COCO-Stuff's 12 things classes alone (K = 12, the
# other partition's pixels ignored in evaluation), a separate run.
#   bash tools/dist_train.sh \
#       configs/pgg/picie_r50-mocov2-in1k_fpn_coco27_things.py 8
_base_ = ['./picie_r50-mocov2-in1k_fpn_coco27.py']
model = dict(cluster_head=dict(num_clusters=12))
val_dataloader = dict(
    dataset=dict(type='COCOStuff27PartitionDataset', partition='things'))
test_dataloader = val_dataloader
