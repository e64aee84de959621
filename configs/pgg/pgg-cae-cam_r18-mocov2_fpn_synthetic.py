# The PGG paper's Table 4 "+ PGG strategy" row on the synthetic scenes: the
# full model (pgg_r18_fpn_synthetic.py, the "+ Mod." row) with the
# classical CAM head instead of "Mod."; the synthetic counterpart of
# pgg-cae-cam_r50_fpn_coco27.py.
#   python tools/train.py configs/pgg/pgg-cae-cam_r18-mocov2_fpn_synthetic.py
_base_ = ['./pgg_r18_fpn_synthetic.py']
model = dict(guidance_head=dict(head_type='cam'))
