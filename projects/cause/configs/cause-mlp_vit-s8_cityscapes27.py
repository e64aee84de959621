# CAUSE-MLP stage 2 (front door), DINO ViT-S/8, Cityscapes-27: train
# crops 224, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 21.7 mIoU / 87.7 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-s8_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp_vit-s8_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp-probe_vit-s8_cityscapes27.py
_base_ = ['./_base_/cause_cityscapes27.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.dino_vit_s8}},
    head=dict(type='CAUSEMLPHead', code_dim=90),
    sample_before_head=True,
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-s8_cityscapes27/epoch_1.pth'))
optim_wrapper = dict(
    optimizer=dict(weight_decay=0.0), clip_grad=dict(max_norm=1.0))
train_dataloader = dict(dataset=dict(dataset=dict(
    pipeline={{_base_.train_pipeline_224}})))
