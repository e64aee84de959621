# The tiny ViT of the CPU-sized synthetic configs (96-d, 4 layers, 3 heads,
# patch 8; position embedding for 96 px scenes), frozen: what STEGO, CAUSE
# and their k-means baselines read features from. Its weights are random
# unless a config sets init_cfg, e.g. the stand-in for DINO
# (checkpoints/standin/vit-tiny_p8_supervised.pth).
tiny_vit_arch = dict(
    embed_dims=96, num_layers=4, num_heads=3, feedforward_channels=384)
tiny_vit = dict(
    type='FrozenVisionTransformer',
    arch=tiny_vit_arch,
    patch_size=8,
    img_size=96)
# the stand-in for DINO (tools/build_standin.py)
tiny_vit_standin = dict(
    tiny_vit,
    init_cfg=dict(
        type='Pretrained',
        checkpoint='checkpoints/standin/vit-tiny_p8_supervised.pth'))
