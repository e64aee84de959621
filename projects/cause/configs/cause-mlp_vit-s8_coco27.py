# CAUSE-MLP stage 2 (front door), DINO ViT-S/8, COCO-Stuff-27: train
# crops 224, test 320 with flip and DenseCRF.
# Reported by the reference README after stage 3 (DenseCRF):
# 27.9 mIoU / 66.8 pixel accuracy.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-s8_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp_vit-s8_coco27.py
#   python tools/train.py \
#       projects/cause/configs/cause-mlp-probe_vit-s8_coco27.py
_base_ = ['./_base_/cause_coco27.py', './_base_/front_door.py']
model = dict(
    backbone={{_base_.dino_vit_s8}},
    head=dict(type='CAUSEMLPHead', code_dim=90),
    sample_before_head=True,
    clusterbook_checkpoint=(
        'work_dirs/cause-mediator_vit-s8_coco27/epoch_1.pth'))
optim_wrapper = dict(
    optimizer=dict(weight_decay=1e-4), clip_grad=dict(max_norm=0.1))
train_dataloader = dict(dataset=dict(dataset=dict(
    pipeline={{_base_.train_pipeline_224}})))
