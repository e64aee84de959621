# CAUSE stage 1 (mediator) on the synthetic scenes: 128 concepts (the
# scenes have 6 classes), one token per 2x2 window of the 12x12 grid,
# 1 epoch of batch 16.
#   python tools/train.py \
#       projects/cause/configs/cause-mediator_vit-tiny_synthetic.py
_base_ = ['./_base_/cause_synthetic.py', './_base_/mediator.py']
model = dict(backbone={{_base_.tiny_vit}}, num_concepts=128, grid_cell=2)
train_cfg = dict(max_epochs=1)
val_dataloader = None
val_evaluator = None
test_dataloader = None
test_evaluator = None
