# CAUSE-TR stage 2 (front door), DINOv2 ViT-B/14, Cityscapes-27: train
# crops 322, test 322 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 29.9 mIoU / 89.8 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_dinov2-vit-b14_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr_dinov2-vit-b14_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_dinov2-vit-b14_cityscapes27.py
_base_ = ['./cause-tr_vit-s8_cityscapes27.py']
model = dict(
    backbone={{_base_.dinov2_vit_b14}},
    head=dict(num_queries=529),  # (322 / 14)^2 tokens
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_dinov2-vit-b14_cityscapes27/epoch_1.pth'))
train_dataloader = {{_base_.train_loader_322}}
val_dataloader = {{_base_.test_loader_322}}
test_dataloader = val_dataloader
