# Claim 3's baseline: k-means (K = 6) on the frozen stand-in ViT's patch
# tokens (96-d, stride 8), the features STEGO distils in
# configs/stego/stego_vit-tiny-standin_synthetic.py; one clustering pass
# over the 200 train scenes, as kmeans_r18_synthetic.py.
#   python tools/build_standin.py vit-tiny_p8_supervised
#   python tools/train.py configs/kmeans/kmeans_vit-tiny-standin_synthetic.py
_base_ = [
    './kmeans_r18_synthetic.py', '../_base_/models/frozen_vit-tiny_p8.py'
]
model = dict(
    data_preprocessor=dict(size_divisor=8),
    backbone=dict(_base_.tiny_vit_standin, _delete_=True),
    neck=None,
    cluster_head=dict(channels=96))
