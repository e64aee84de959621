# PGG + CAE on COCO-Stuff-27, the paper's full model (Table 4's last row,
# 14.76 mIoU / 40.38 acc): R50 + FPN 256-d initialised from MoCo v2
# (ImageNet, then MoCo v2 on the COCO-Stuff images), context-aware
# embedding, pyramid pseudo-labels (L = 50, active selection of 40%), the
# "Mod." head, PiCIE's loss and views; 10 epochs of Adam lr 1e-3 (no
# weight decay), batch 128 (8 GPUs x 16); evaluated on the curated _7 val
# list after a final k-means on the train samples, without CRF.
# The pyramid crops are training images of their own (section 4.2.1: "each
# subimage ... is treated as an independent image for labeling and training
# afterwards"): PyramidCropDataset makes every image six samples (itself,
# its four corner and its center crop, each resized to 640), each with its
# own PiCIE views and its own label, so an epoch holds 6 x 49,629 samples.
# pgg-region_r50_fpn_coco27.py is the other reading (crop labels on the
# crops' regions of the whole image's views).
#   python tools/train.py configs/pgg/pgg_r50_fpn_coco27.py
#   bash tools/dist_train.sh configs/pgg/pgg_r50_fpn_coco27.py 8
_base_ = [
    '../_base_/models/pgg_r50_cae_fpn.py',
    '../_base_/datasets/coco_stuff27.py',
    '../_base_/schedules/picie_adam.py',
    '../_base_/default_runtime.py',
]
model = dict(crop_mode='independent')
train_dataloader = dict(
    batch_size=16,  # x 8 GPUs = 128
    dataset=dict(
        _base_.pyramid_crops,
        _delete_=True,
        dataset={{_base_.view_train_dataset}}))
auto_scale_lr = dict(enable=False, base_batch_size=128)
optim_wrapper = dict(optimizer=dict(lr=1e-3))  # the paper's appendix
# Before training: the pyramid labels (cached under data/pgg_cache). Then
# PiCIE's k-means before every epoch and before evaluation.
clustering_hooks = [{{_base_.epoch_clustering}}, {{_base_.eval_clustering}}]
custom_hooks = [{{_base_.label_hook}}, *clustering_hooks]
