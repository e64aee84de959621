# Claim 3's baseline: k-means (K = 6) on the frozen stand-in ViT's patch
# tokens (96-d, stride 8), the features STEGO distils in
# configs/stego/stego_vit-tiny-standin_synthetic.py; one clustering pass
# over the 200 train scenes, as kmeans_r18_synthetic.py.
#   python tools/build_standin.py vit-tiny_p8_supervised
#   python tools/train.py configs/kmeans/kmeans_vit-tiny-standin_synthetic.py
_base_ = ['./kmeans_r18_synthetic.py']
model = dict(
    data_preprocessor=dict(size_divisor=8),
    backbone=dict(
        _delete_=True,
        type='FrozenVisionTransformer',
        arch=dict(
            embed_dims=96, num_layers=4, num_heads=3,
            feedforward_channels=384),
        patch_size=8,
        img_size=96,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/standin/vit-tiny_p8_supervised.pth')),
    neck=None,
    cluster_head=dict(channels=96))
