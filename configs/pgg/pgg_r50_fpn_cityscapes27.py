# PGG + CAE on Cityscapes-27 with PiCIE's protocol (train without labels on
# leftImg8bit train_extra + test, evaluate on train + val, 320 center
# crop): the full model of pgg_r50_fpn_coco27.py with Adam lr 1e-3 (the
# paper's rate, also PiCIE's Cityscapes rate) and 20 faiss iterations (the
# PiCIE Cityscapes script). The paper gives no Cityscapes number. Set
# ISS_CHECKPOINT to the ISS model to use, e.g. MoCo v2 ImageNet converted by
# tools/model_converters/iss2mmpretrain.py, or one trained on the target.
#   ISS_CHECKPOINT=checkpoints/mocov2_r50_800ep_mmpretrain.pth \
#       bash tools/dist_train.sh configs/pgg/pgg_r50_fpn_cityscapes27.py 8
_base_ = [
    '../_base_/models/pgg_r50_cae_fpn.py',
    '../_base_/datasets/cityscapes27_picie.py',
    '../_base_/schedules/picie_adam_cityscapes.py',
    '../_base_/default_runtime.py',
]
train_dataloader = dict(
    batch_size=16,  # x 8 GPUs = 128
    dataset={{_base_.view_train_dataset}})
auto_scale_lr = dict(enable=False, base_batch_size=128)
train_cfg = dict(max_epochs=10, val_interval=10)
custom_hooks = [
    dict(
        type='PyramidLabelHook',
        encoder={{_base_.iss_encoder}},
        resize=256,
        crop_size=224,
        select_ratio=0.4,
        num_iters=20,
        seed=0),
    {{_base_.epoch_clustering}},
    {{_base_.eval_clustering}},
]
