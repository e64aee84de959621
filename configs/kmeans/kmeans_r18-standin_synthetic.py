# Claim 1's baseline: k-means at init on the built-in synthetic scenes from
# the stand-in supervised ResNet-18 (torchvision layout, trained on the
# object corpus by tools/build_standin.py) + a random-init LateralFPN:
# PiCIE's "k-means at init" row, with the same features PiCIE starts from
# (configs/picie/picie_r18-standin_fpn_synthetic.py).
#   python tools/build_standin.py resnet18_supervised
#   python tools/train.py configs/kmeans/kmeans_r18-standin_synthetic.py
_base_ = ['./kmeans_r18_synthetic.py']
model = {{_base_.resnet18_standin}}
