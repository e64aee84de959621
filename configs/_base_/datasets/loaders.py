# The dataloader settings the dataset configs share: four persistent
# workers, shuffled training batches of 32, evaluation batches of 8 in
# order. A dataset config adds its dataset (and overrides what differs):
#   train_dataloader = dict(_base_.train_loader, dataset=...)
train_loader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True))
test_loader = dict(
    train_loader, batch_size=8, sampler=dict(type='DefaultSampler',
                                             shuffle=False))
