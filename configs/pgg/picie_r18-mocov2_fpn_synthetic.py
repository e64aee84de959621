# The PGG table's "PiCIE" row on the synthetic scenes: PiCIE with the same
# MoCo v2 initialisation, schedule and hooks as pgg_r18_fpn_synthetic.py,
# without the context-aware embedding and the image-level guidance (the
# pyramid-label hook and the pyramid crops are dropped).
#   python tools/train.py configs/pgg/picie_r18-mocov2_fpn_synthetic.py
_base_ = ['./pgg_r18_fpn_synthetic.py']
model = dict(
    _delete_=True,
    type='PiCIE',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.model.backbone}},
    neck={{_base_.model.neck.fpn}},
    cluster_head={{_base_.model.cluster_head}},
    views={{_base_.model.views}},
    balance='proportional',  # PiCIE's reference weights (configs/picie)
    test_cfg={{_base_.model.test_cfg}})
train_dataloader = dict(dataset=dict(with_crops=False))
custom_hooks = {{_base_.clustering_hooks}}
