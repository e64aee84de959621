# STEGO, DINO ViT-B/8, COCO-Stuff-27 (the paper's COCO ViT-B weights and
# shifts), otherwise as stego_vit-s8_coco27.py.
#   python tools/model_converters/dino2mmpretrain.py \
#       dino_vitbase8_pretrain.pth checkpoints/dino_vitb8_mmpretrain.pth
# Reported (acc / mIoU): unsupervised 56.9 / 28.2, linear probe 76.1 / 41.0.
_base_ = ['./stego_vit-s8_coco27.py']
model = dict(
    backbone=dict(
        arch='base',
        init_cfg=dict(checkpoint='checkpoints/dino_vitb8_mmpretrain.pth')),
    head=dict(in_channels=768),
    loss=dict(preset='coco_vit-b'))
