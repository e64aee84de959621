# Claim 3: STEGO (the reference's defaults, as stego_vit-tiny_synthetic.py)
# on the stand-in ViT (96-d, 4 layers, patch 8, supervised on the object
# corpus by tools/build_standin.py; the stand-in for DINO), frozen. Its
# baseline is configs/kmeans/kmeans_vit-tiny-standin_synthetic.py: k-means
# on the same frozen tokens.
#   python tools/build_standin.py vit-tiny_p8_supervised
#   python tools/train.py configs/stego/stego_vit-tiny-standin_synthetic.py
_base_ = ['./stego_vit-tiny_synthetic.py']
model = dict(backbone={{_base_.tiny_vit_standin}})
