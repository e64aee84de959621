# CAUSE-MLP stage 3 (cluster probe), DINO ViT-B/8, COCO-Stuff-27: the
# one-epoch fine-tuning of the 27 cluster centroids by modularity on
# the stage-2 teacher's codes (reference `fine_tuning_mlp.py`); StepLR
# (x0.5 every 2 epochs), no weight decay on the centroids. This is the
# model to evaluate:
# Reported by the reference README after stage 3 (DenseCRF):
# 34.3 mIoU / 72.8 pixel accuracy.
#   python tools/test.py \
#       projects/cause/configs/cause-mlp-probe_vit-b8_coco27.py \
#       work_dirs/cause-mlp-probe_vit-b8_coco27/epoch_1.pth
_base_ = ['./cause-mlp_vit-b8_coco27.py']
model = {{_base_.probe_model}}
load_from = 'work_dirs/cause-mlp_vit-b8_coco27/epoch_2.pth'
optim_wrapper = {{_base_.probe_optim_wrapper}}
param_scheduler = {{_base_.probe_param_scheduler}}
train_cfg = dict(max_epochs=1, val_interval=1)
