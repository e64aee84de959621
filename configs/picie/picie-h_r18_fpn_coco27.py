# "PiCIE + H": PiCIE with an auxiliary over-clustering pair of heads, fitted
# and trained like the main pair; prediction uses the K = 27 head.
# Reported: 49.99 acc / 14.36 mIoU. Neither the paper nor the reference
# code (janghyuncho/PiCIE) gives the auxiliary K; 100 (about 4x the
# classes) is our choice.
_base_ = ['./picie_r18_fpn_coco27.py']
aux_num_clusters = 100
model = dict(
    aux_cluster_head=dict(
        type='ClusterHead',
        num_clusters=aux_num_clusters,
        channels=128,
        distance='dot'))
