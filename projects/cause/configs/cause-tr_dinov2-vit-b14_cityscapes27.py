# CAUSE-TR stage 2 (front door), DINOv2 ViT-B/14, Cityscapes-27: train
# crops 322, test 322 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 29.9 mIoU / 89.8 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_dinov2-vit-b14_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr_dinov2-vit-b14_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-tr-probe_dinov2-vit-b14_cityscapes27.py
_base_ = ['./_base_/cause_cityscapes27.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.dinov2_vit_b14}},
    # (322 / 14)^2 tokens
    head=dict(type='CAUSETRHead', num_queries=529, code_dim=90),
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_dinov2-vit-b14_cityscapes27/epoch_1.pth'))
optim_wrapper = dict(
    optimizer=dict(weight_decay=0.0), clip_grad=dict(max_norm=1.0))
val_evaluator = {{_base_.cause_evaluator}}
test_evaluator = val_evaluator
train_dataloader = dict(dataset=dict(dataset=dict(
    pipeline={{_base_.train_pipeline_322}})))
val_dataloader = dict(
    dataset=dict(pipeline={{_base_.test_pipeline_322}}))
test_dataloader = val_dataloader
