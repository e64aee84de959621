# PASS stage 1 on ImageNet-S-919: as ImageNet-S-300, on all of ImageNet-1k
# train as the reference does (DATA=/data/imagenet in
# scripts/luss919_pass.sh): the release's ImageNetS919/train-full link.
_base_ = ['./pass-pretrain_r50_imagenets300.py']
train_dataloader = dict(dataset=dict(subset=919, split='train-full'))
