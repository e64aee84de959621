# PiCIE's schedule with its Cityscapes script's learning rate, Adam lr 1e-3
# (janghyuncho/PiCIE, sh_files/train_picie_cityscapes.sh); the k-means
# settings are the COCO script's (picie_adam.py).
_base_ = ['./picie_adam.py']
optim_wrapper = dict(optimizer=dict(lr=1e-3))
