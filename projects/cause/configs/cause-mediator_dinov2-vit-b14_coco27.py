# CAUSE stage 1 (mediator): the concept clusterbook on frozen DINOv2 ViT-B/14
# features, COCO-Stuff-27, 322 crops (shared by CAUSE-TR and CAUSE-MLP).
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_dinov2-vit-b14_coco27.py
_base_ = ['./_base_/cause_coco27.py', './_base_/mediator.py']
model = dict(backbone={{_base_.dinov2_vit_b14}})
train_dataloader = dict(dataset=dict(dataset=dict(
    pipeline={{_base_.train_pipeline_322}})))
val_dataloader = None
val_evaluator = None
test_dataloader = None
test_evaluator = None
