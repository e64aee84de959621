# CAUSE-TR stage 2 (front door), DINO ViT-S/16, COCO-Stuff-27: train
# crops 320, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 33.1 mIoU / 70.4 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-s16_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr_vit-s16_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_vit-s16_coco27.py
_base_ = ['./cause-tr_vit-s8_coco27.py']
model = dict(
    backbone={{_base_.dino_vit_s16}},
    head=dict(num_queries=400),  # (320 / 16)^2 tokens
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-s16_coco27/epoch_1.pth'))
