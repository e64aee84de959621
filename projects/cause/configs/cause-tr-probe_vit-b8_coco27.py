# CAUSE-TR stage 3 (cluster probe), DINO ViT-B/8, COCO-Stuff-27: the
# five-epoch fine-tuning of the 27 cluster centroids by modularity on
# the stage-2 teacher's codes (reference `fine_tuning_tr.py`); StepLR
# (x0.5 every 2 epochs), no weight decay on the centroids. This is the
# model to evaluate:
# Reported by the reference README after stage 3 (DenseCRF):
# 41.9 mIoU / 74.9 pixel accuracy.
#   python tools/test.py \
#       projects/cause/configs/cause-tr-probe_vit-b8_coco27.py \
#       work_dirs/cause-tr-probe_vit-b8_coco27/epoch_5.pth
_base_ = ['./cause-tr_vit-b8_coco27.py']
model = dict(stage='probe', clusterbook_checkpoint=None)
load_from = 'work_dirs/cause-tr_vit-b8_coco27/epoch_2.pth'
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys=dict(cluster_probe=dict(decay_mult=0.0))))
param_scheduler = [
    dict(type='StepLR', step_size=2, gamma=0.5, by_epoch=True)
]
train_cfg = dict(max_epochs=5, val_interval=5)
