# CAUSE-TR stage 3 (cluster probe) on the synthetic scenes: 2 epochs of
# modularity fine-tuning of the 6 centroids; the model to evaluate.
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_vit-tiny_synthetic.py
#   python tools/test.py \
#       projects/cause/configs/cause-tr-probe_vit-tiny_synthetic.py \
#       work_dirs/cause-tr-probe_vit-tiny_synthetic/epoch_2.pth
_base_ = ['./cause-tr_vit-tiny_synthetic.py']
model = dict(
    stage='probe',
    clusterbook_checkpoint=None,
    backbone=dict(init_cfg=None))
load_from = 'work_dirs/cause-tr_vit-tiny_synthetic/epoch_4.pth'
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys=dict(cluster_probe=dict(decay_mult=0.0))))
param_scheduler = [
    dict(type='StepLR', step_size=2, gamma=0.5, by_epoch=True)
]
train_cfg = dict(max_epochs=2, val_interval=2)
