# The PGG table's "PiCIE + CAE" row on the synthetic scenes: the "PiCIE"
# row with the context-aware embedding as neck (features at 1/8), no
# image-level guidance.
#   python tools/train.py configs/pgg/picie-cae_r18-mocov2_fpn_synthetic.py
_base_ = ['./picie_r18-mocov2_fpn_synthetic.py']
model = dict(neck=dict(_base_.cae_neck_r18, _delete_=True))
