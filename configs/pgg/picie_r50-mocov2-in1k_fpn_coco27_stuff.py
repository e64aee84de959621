# The paper's Table 2, PiCIE's "Stuff" row (45.66 acc / 12.82 mIoU): PiCIE from
# the MoCo v2 ImageNet release (picie_r50-mocov2-in1k_fpn_coco27.py) trained
# and evaluated on COCO-Stuff's 15 stuff classes alone (K = 15, the other
# partition's pixels ignored in evaluation), a separate run.
#   bash tools/dist_train.sh \
#       configs/pgg/picie_r50-mocov2-in1k_fpn_coco27_stuff.py 8
_base_ = ['./picie_r50-mocov2-in1k_fpn_coco27.py']
model = dict(cluster_head=dict(num_clusters=15))
val_dataloader = dict(
    dataset=dict(type='COCOStuff27PartitionDataset', partition='stuff'))
test_dataloader = val_dataloader
