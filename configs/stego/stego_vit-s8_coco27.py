# STEGO, DINO ViT-S/8, COCO-Stuff-27: train on five-cropped curated train
# images (224 px, KNN pairs), 5,000 steps of batch 16, evaluate on the _7
# val list at 320 with flip TTA and DenseCRF, as mhamilton723/STEGO's code.
#   python tools/train.py configs/stego/stego_vit-s8_coco27.py
# Reported (acc / mIoU): unsupervised ≈48.3 / 24.5, linear probe 74.4 / 38.3.
_base_ = [
    '../_base_/models/stego_vit-s8.py',
    '../_base_/datasets/coco_stuff27_stego.py',
    '../_base_/schedules/stego_adam_5k.py',
]
