# PiCIE (Cho et al., CVPR 2021): the k-means baseline's architecture
# (supervised ImageNet ResNet-18 from a local torchvision checkpoint + FPN
# decoder 128-d at stride 4, L2-normalised) trained with PiCIE's loss. The
# views are 320 px, drawn in the model from (seed, epoch, sample_idx).
_base_ = ['./kmeans_resnet_lateral_fpn.py']
model = dict(
    type='PiCIE',
    backbone=dict(
        depth=18,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/resnet18-imagenet.pth')),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=128),
    # PiCIE classifies with its centroids as 1x1 conv weights: dot product
    cluster_head=dict(num_clusters=27, channels=128, distance='dot'),
    views=dict(
        seed=0,
        crop_scale=(0.5, 1.0),
        # The reference never applies grayscale (key typo), its blur is a
        # no-op, and its training pass feeds view 1 without the jitter its
        # labels were computed with; set these to True to reproduce it.
        grayscale_faithful=False,
        blur_faithful=False,
        train_view1_jitter_faithful=False),
    view_size=320,
    # 'proportional' reproduces the reference's CE weights (a bug).
    balance='inverse')
