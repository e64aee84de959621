# CAUSE-MLP stage 2 (front door), DINO ViT-B/8, Cityscapes-27: train
# crops 224, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 25.7 mIoU / 90.3 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-b8_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp_vit-b8_cityscapes27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp-probe_vit-b8_cityscapes27.py
_base_ = ['./_base_/cause_cityscapes27.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.dino_vit_b8}},
    head=dict(type='CAUSEMLPHead', code_dim=90),
    sample_before_head=True,
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-b8_cityscapes27/epoch_1.pth'))
optim_wrapper = dict(
    optimizer=dict(weight_decay=0.0), clip_grad=dict(max_norm=1.0))
val_evaluator = {{_base_.cause_evaluator}}
test_evaluator = val_evaluator
train_dataloader = dict(dataset=dict(dataset=dict(
    pipeline={{_base_.train_pipeline_224}})))
