# CAUSE-TR stage 2 (front door) on your own images, DINO ViT-S/8: COCO's
# settings without the linear probe (no labels) and without evaluation.
#   DATA_ROOT=path/to/images python tools/train.py \
#       projects/cause/configs/cause-tr_vit-s8_imagefolder.py
_base_ = ['./_base_/cause_imagefolder.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.dino_vit_s8}},
    head=dict(type='CAUSETRHead', num_queries=1600, code_dim=90),
    num_classes=None,
    num_clusters=27,  # set to the number of segments you expect
    clusterbook_checkpoint=
    'work_dirs/cause-mediator_vit-s8_imagefolder/epoch_1.pth')
optim_wrapper = dict(
    optimizer=dict(weight_decay=1e-4), clip_grad=dict(max_norm=2.0))
train_cfg = dict(val_interval=10**9)  # nothing to validate on
val_cfg = None
test_cfg = None
