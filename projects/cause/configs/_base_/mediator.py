# CAUSE stage 1, the mediator (reference `train_mediator.py`): the 2048
# concepts of the clusterbook are learned by modularity maximisation on the
# frozen backbone's features, one token per 4x4 window (`--grid yes`), with
# Adam at lr 1e-3 x 4 GPUs, batch 16, one epoch (its StepLR never acts).
# Nothing else trains; the checkpoint's clusterbook is what stage 2 loads.
# No evaluation: CAUSE does not score this stage.
_base_ = ['./cause_runtime.py']
model = dict(
    type='CAUSEMediator',
    data_preprocessor={{_base_.data_preprocessor}},
    num_concepts=2048,
    grid_cell=4,
    temperature=0.1)
optim_wrapper = dict(
    type='OptimWrapper', optimizer=dict(type='Adam', lr=4e-3))
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=1)
val_cfg = None
test_cfg = None
# (configs also set val/test dataloaders and evaluators to None)
