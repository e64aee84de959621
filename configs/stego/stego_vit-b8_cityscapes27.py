# STEGO, DINO ViT-B/8, Cityscapes-27 with STEGO's protocol: five crops of
# fine `train`, evaluated on `val` (500) at 320 with flip TTA and DenseCRF;
# the paper's Cityscapes weights and shifts. Code dim 70 as the paper (the
# released Cityscapes checkpoint uses 100: model.head.code_dim=100).
# Reported (acc / mIoU): 73.2 / 21.0.
_base_ = [
    '../_base_/models/stego_vit-s8.py',
    '../_base_/datasets/cityscapes27_stego.py',
    '../_base_/schedules/stego_adam_5k.py',
]
model = dict(_base_.dino_vit_b8, loss=dict(preset='cityscapes'))
