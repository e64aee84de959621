# Claim 1: PiCIE (the reference's procedure, as picie_r18_fpn_synthetic.py)
# from the stand-in supervised ResNet-18, the stand-in for the supervised
# ImageNet weights every PiCIE result starts from. Its baseline is
# configs/kmeans/kmeans_r18-standin_synthetic.py, the same model untrained.
#   python tools/build_standin.py resnet18_supervised
#   python tools/train.py configs/picie/picie_r18-standin_fpn_synthetic.py
_base_ = ['./picie_r18_fpn_synthetic.py']
model = {{_base_.resnet18_standin}}
