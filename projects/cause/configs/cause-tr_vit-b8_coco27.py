# CAUSE-TR stage 2 (front door), DINO ViT-B/8, COCO-Stuff-27: train
# crops 320, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 41.9 mIoU / 74.9 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-b8_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr_vit-b8_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_vit-b8_coco27.py
_base_ = ['./cause-tr_vit-s8_coco27.py']
model = dict(
    backbone={{_base_.dino_vit_b8}},
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-b8_coco27/epoch_1.pth'))
