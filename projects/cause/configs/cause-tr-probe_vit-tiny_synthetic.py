# CAUSE-TR stage 3 (cluster probe) on the synthetic scenes: 2 epochs of
# modularity fine-tuning of the 6 centroids; the model to evaluate.
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_vit-tiny_synthetic.py
#   python tools/test.py \
#       projects/cause/configs/cause-tr-probe_vit-tiny_synthetic.py \
#       work_dirs/cause-tr-probe_vit-tiny_synthetic/epoch_2.pth
_base_ = ['./cause-tr_vit-tiny_synthetic.py']
model = dict(_base_.probe_model, backbone=dict(init_cfg=None))
load_from = 'work_dirs/cause-tr_vit-tiny_synthetic/epoch_4.pth'
optim_wrapper = {{_base_.probe_optim_wrapper}}
param_scheduler = {{_base_.probe_param_scheduler}}
train_cfg = dict(max_epochs=2, val_interval=2)
