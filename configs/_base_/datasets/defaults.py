# What the dataset configs share: the meta keys packed with every sample,
# and the dataloader settings (four persistent workers, shuffled training
# batches of 32, evaluation batches of 8 in order), to which a dataset
# config adds its dataset (and overrides what differs):
#   train_dataloader = dict(_base_.train_loader, dataset=...)
meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape',
             'pad_shape', 'scale_factor', 'flip', 'flip_direction',
             'reduce_zero_label', 'sample_idx')
train_loader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True))
test_loader = dict(
    train_loader, batch_size=8, sampler=dict(type='DefaultSampler',
                                             shuffle=False))
