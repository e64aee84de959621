# CAUSE-TR stage 3 (cluster probe) on your own images, DINO ViT-S/8, then
# the segmentation of your images:
#   DATA_ROOT=path/to/images python tools/train.py \
#       projects/cause/configs/cause-tr-probe_vit-s8_imagefolder.py
#   PYTHONPATH=. python tools/infer.py \
#       projects/cause/configs/cause-tr-probe_vit-s8_imagefolder.py \
#       work_dirs/cause-tr-probe_vit-s8_imagefolder/epoch_5.pth \
#       path/to/images --out-dir segments/
_base_ = ['./cause-tr_vit-s8_imagefolder.py']
model = {{_base_.probe_model}}
load_from = 'work_dirs/cause-tr_vit-s8_imagefolder/epoch_2.pth'
optim_wrapper = {{_base_.probe_optim_wrapper}}
param_scheduler = {{_base_.probe_param_scheduler}}
train_cfg = dict(max_epochs=5)
