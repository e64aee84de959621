# The PGG paper's Table 4 "+ GG." row on the synthetic scenes: PiCIE + CAE
# plus global guidance with one pseudo-label per image (the whole images
# only, no pyramid crops) and the classical CAM head; the synthetic
# counterpart of gg-cae-cam_r50_fpn_coco27.py.
#   python tools/train.py configs/pgg/gg-cae-cam_r18-mocov2_fpn_synthetic.py
_base_ = ['./pgg_r18_fpn_synthetic.py']
model = dict(pyramid=False, guidance_head=dict(head_type='cam'))
train_dataloader = dict(dataset=dict(with_crops=False))
