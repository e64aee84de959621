# PGG + CAE on COCO-Stuff-27 from the official SwAV ImageNet release
# (section 5.2: 13.56 mIoU; PiCIE from the same model 6.78): the full model
# of pgg_r50_fpn_coco27.py with the SwAV backbone, and labels that group
# SwAV's 3,000 prototypes into L = 50 clusters (section 4.2.1), each view
# taking the nearest group centroid by cosine of its projector embedding.
# The paper does not say that this model was finetuned on COCO first; it is
# used as released.
#   python tools/model_converters/iss2mmpretrain.py \
#       swav_800ep_pretrain.pth.tar checkpoints/swav_r50_800ep_mmpretrain.pth
#   bash tools/dist_train.sh \
#       configs/pgg/pgg_r50-swav-in1k_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(
    backbone=dict(init_cfg=dict(checkpoint={{_base_.swav_checkpoint}})))
custom_hooks = [{{_base_.swav_label_hook}}, *_base_.clustering_hooks]
