# CAUSE-TR stage 3 (cluster probe), DINO ViT-S/16, COCO-Stuff-27: the
# five-epoch fine-tuning of the 27 cluster centroids by modularity on
# the stage-2 teacher's codes (reference `fine_tuning_tr.py`); StepLR
# (x0.5 every 2 epochs), no weight decay on the centroids. This is the
# model to evaluate:
# Reported by the reference README after stage 3 (DenseCRF):
# 33.1 mIoU / 70.4 pixel accuracy.
#   python tools/test.py \
#       projects/cause/configs/cause-tr-probe_vit-s16_coco27.py \
#       work_dirs/cause-tr-probe_vit-s16_coco27/epoch_5.pth
_base_ = ['./cause-tr_vit-s16_coco27.py']
model = {{_base_.probe_model}}
load_from = 'work_dirs/cause-tr_vit-s16_coco27/epoch_2.pth'
optim_wrapper = {{_base_.probe_optim_wrapper}}
param_scheduler = {{_base_.probe_param_scheduler}}
train_cfg = dict(max_epochs=5, val_interval=5)
