# ImageNet-S-300: as imagenet_s50.py with the 300-class split.
_base_ = ['./imagenet_s50.py']
subset = 300
train_dataloader = dict(dataset=dict(subset=subset))
val_dataloader = dict(dataset=dict(subset=subset))
test_dataloader = val_dataloader
val_evaluator = dict(
    num_classes=subset, save_matching='work_dirs/imagenet_s300_matching.json')
test_evaluator = val_evaluator
