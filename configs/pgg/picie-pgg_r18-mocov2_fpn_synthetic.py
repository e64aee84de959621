# The PGG table's "PiCIE + PGG" row on the synthetic scenes: the full model
# (pgg_r18_fpn_synthetic.py) with PiCIE's plain decoder instead of the
# context-aware embedding (features at 1/4).
#   python tools/train.py configs/pgg/picie-pgg_r18-mocov2_fpn_synthetic.py
_base_ = ['./pgg_r18_fpn_synthetic.py']
model = dict(neck=dict(_base_.cae_neck_r18.fpn, _delete_=True))
