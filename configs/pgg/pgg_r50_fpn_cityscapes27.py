# PGG + CAE on Cityscapes-27 with PiCIE's protocol (train without labels on
# leftImg8bit train_extra + test, evaluate on train + val, 320 center
# crop): the full model of pgg_r50_fpn_coco27.py (pyramid crops as training
# images) with Adam lr 1e-3 (the paper's rate, also PiCIE's Cityscapes
# rate) and 20 faiss iterations (the PiCIE Cityscapes script). The paper's
# Table 3: 37.66 acc / 10.14 mIoU from MoCo v2 (PiCIE: 42.09 / 9.07); from
# SwAV see pgg_r50-swav-in1k_fpn_cityscapes27.py. Its Cityscapes models
# start from the official ImageNet release, without finetuning on the
# target ("we grabbed the officially released pretrained model trained by
# [MoCo v2] on the ImageNet dataset for initialization"):
#   python tools/model_converters/iss2mmpretrain.py \
#       moco_v2_800ep_pretrain.pth.tar \
#       checkpoints/mocov2_r50_800ep_mmpretrain.pth
#   bash tools/dist_train.sh configs/pgg/pgg_r50_fpn_cityscapes27.py 8
_base_ = [
    '../_base_/models/pgg_r50_cae_fpn.py',
    '../_base_/datasets/cityscapes27_picie.py',
    '../_base_/schedules/picie_adam_cityscapes.py',
    '../_base_/default_runtime.py',
]
iss_checkpoint = (
    '{{$ISS_CHECKPOINT:checkpoints/mocov2_r50_800ep_mmpretrain.pth}}')
model = dict(
    crop_mode='independent',
    backbone=dict(init_cfg=dict(checkpoint=iss_checkpoint)))
train_dataloader = dict(
    batch_size=16,  # x 8 GPUs = 128
    dataset=dict(
        _base_.pyramid_crops,
        _delete_=True,
        dataset={{_base_.view_train_dataset}}))
auto_scale_lr = dict(enable=False, base_batch_size=128)
iss_encoder = dict(_base_.iss_encoder, checkpoint=iss_checkpoint)
label_hook = dict(_base_.label_hook, encoder=iss_encoder)
clustering_hooks = [{{_base_.epoch_clustering}}, {{_base_.eval_clustering}}]
custom_hooks = [label_hook, *clustering_hooks]
