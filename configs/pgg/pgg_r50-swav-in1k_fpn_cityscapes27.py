# PGG + CAE on Cityscapes-27 from the official SwAV ImageNet release (the
# paper's Table 3: 41.66 acc / 11.68 mIoU; PiCIE 39.90 / 9.81). The labels
# group SwAV's 3,000 prototypes into L = 50 clusters (section 4.2.1: "for
# ... SwAV ... the cluster centers, or prototypes ..., is available
# directly. Nevertheless, we still need to group these prototypes into
# smaller cluster numbers"); each view takes the nearest group centroid by
# cosine of its projector embedding.
#   python tools/model_converters/iss2mmpretrain.py \
#       swav_800ep_pretrain.pth.tar checkpoints/swav_r50_800ep_mmpretrain.pth
#   bash tools/dist_train.sh \
#       configs/pgg/pgg_r50-swav-in1k_fpn_cityscapes27.py 8
_base_ = ['./pgg_r50_fpn_cityscapes27.py']
model = dict(
    backbone=dict(init_cfg=dict(checkpoint={{_base_.swav_checkpoint}})))
custom_hooks = [{{_base_.swav_label_hook}}, *_base_.clustering_hooks]
