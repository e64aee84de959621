# STEGO, DINO ViT-B/8, COCO-Stuff-27 (the paper's COCO ViT-B weights and
# shifts), otherwise as stego_vit-s8_coco27.py.
#   python tools/model_converters/dino2mmpretrain.py \
#       dino_vitbase8_pretrain.pth checkpoints/dino_vitb8_mmpretrain.pth
# Reported (acc / mIoU): unsupervised 56.9 / 28.2, linear probe 76.1 / 41.0.
_base_ = ['./stego_vit-s8_coco27.py']
model = dict(_base_.dino_vit_b8, loss=dict(preset='coco_vit-b'))
