# Ablation (Table 4), row "COCO-stuff finetune" (7.96 mIoU): PiCIE with
# R50 + FPN 256-d initialised from MoCo v2 (ImageNet, then MoCo v2 on the
# COCO-Stuff images), no CAE, no image-level guidance. The schedule of the
# full model (pgg_r50_fpn_coco27.py: Adam lr 1e-3, 10 epochs, batch 128):
# the paper trains every row with the same settings. PiCIE's train set:
# the whole images (no pyramid crops); its CE weights follow PiCIE's base.
#   bash tools/dist_train.sh configs/pgg/picie_r50-mocov2-coco_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(
    _delete_=True,
    type='PiCIE',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.model.backbone}},
    neck={{_base_.model.neck.fpn}},
    cluster_head={{_base_.model.cluster_head}},
    views={{_base_.model.views}},
    view_size=320,
    balance={{_base_.model.balance}},
    test_cfg={{_base_.model.test_cfg}})
train_dataloader = dict(dataset=dict(with_crops=False))
custom_hooks = {{_base_.clustering_hooks}}
