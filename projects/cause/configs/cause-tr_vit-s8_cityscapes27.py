# CAUSE-TR stage 2 (front door), DINO ViT-S/8, Cityscapes-27: train
# crops 320, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 24.6 mIoU / 89.4 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-s8_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr_vit-s8_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_vit-s8_cityscapes27.py
_base_ = ['./_base_/cause_cityscapes27.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.dino_vit_s8}},
    # (320 / 8)^2 tokens
    head=dict(type='CAUSETRHead', num_queries=1600, code_dim=90),
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-s8_cityscapes27/epoch_1.pth'))
optim_wrapper = dict(
    optimizer=dict(weight_decay=0.0), clip_grad=dict(max_norm=1.0))
