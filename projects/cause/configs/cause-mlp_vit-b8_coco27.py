# CAUSE-MLP stage 2 (front door), DINO ViT-B/8, COCO-Stuff-27: train
# crops 224, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 34.3 mIoU / 72.8 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-b8_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp_vit-b8_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp-probe_vit-b8_coco27.py
_base_ = ['./cause-mlp_vit-s8_coco27.py']
model = dict(
    backbone={{_base_.dino_vit_b8}},
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-b8_coco27/epoch_1.pth'))
