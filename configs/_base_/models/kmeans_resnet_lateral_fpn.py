# k-means baseline model (R18 defaults; configs override depth): ResNet +
# PiCIE's decoder (1x1 laterals, top-down sum, stride 4, 128-d,
# L2-normalised) + a non-parametric cluster head. The
# architecture is PiCIE's, so this is also PiCIE's "k-means at init" row.
norm_cfg = dict(type='BN', requires_grad=True)
_base_ = ['./seg_data_preprocessor.py']
model = dict(
    type='ClusterSegmentor',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone=dict(
        type='ResNet',  # torchvision layout ("pytorch" style, no deep stem)
        depth=18,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        style='pytorch',
        norm_cfg=norm_cfg,
        norm_eval=False),
    neck=dict(
        type='LateralFPN', in_channels=[64, 128, 256, 512], out_channels=128),
    cluster_head=dict(
        type='ClusterHead', num_clusters=27, channels=128,
        distance='euclidean'),
    feature_index=0,
    normalize_features=True,
    test_cfg=dict(flip=False, crf=None))
# The real-data variants, merged into the model by the configs that use them
# (`model = {{_base_.resnet18_imagenet}}`): supervised ImageNet weights read
# from a local torchvision state dict (never downloaded) and PiCIE's decoder
# widths, 128-d for R18 and 256-d for R50.
resnet18_imagenet = dict(
    backbone=dict(
        depth=18,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/resnet18-imagenet.pth')),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=128),
    cluster_head=dict(channels=128))
resnet50_imagenet = dict(
    backbone=dict(
        depth=50,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/resnet50-imagenet.pth')),
    neck=dict(in_channels=[256, 512, 1024, 2048], out_channels=256),
    cluster_head=dict(channels=256))
# The stand-in for the supervised ImageNet R18 (tools/build_standin.py),
# merged the same way by the synthetic stand-in configs.
resnet18_standin = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/standin/resnet18_supervised.pth')))
