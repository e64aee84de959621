# PiCIE (Cho et al., CVPR 2021) on COCO-Stuff-27, the paper's setting as
# janghyuncho/PiCIE's sh_files/train_picie.sh runs it: supervised ImageNet
# ResNet-18 + FPN decoder 128-d, K = 27, 10 epochs of Adam lr 1e-4 (no
# weight decay), batch 128 (8 GPUs x 16), 320 px views drawn from 640
# center crops with the reference's augmentations, k-means in train mode,
# proportional CE weights; evaluated on the curated _7 val list (320
# resize + center crop, no CRF). Parity table: configs/picie/README.md.
# mmusseg's corrections: picie-fixed_r18_fpn_coco27.py.
#   bash tools/dist_train.sh configs/picie/picie_r18_fpn_coco27.py 8
# Reported: 48.09 acc / 13.84 mIoU (paper), 50.35 / 14.99 (author logs).
_base_ = [
    '../_base_/models/picie_r18_lateral_fpn.py',
    '../_base_/datasets/coco_stuff27.py',
    '../_base_/schedules/picie_adam.py',
    '../_base_/default_runtime.py',
]
train_dataloader = dict(
    batch_size=16,  # x 8 GPUs = PiCIE's 128
    dataset={{_base_.view_train_dataset}})
auto_scale_lr = dict(enable=False, base_batch_size=128)
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_epochs=10, val_interval=10)
