# PiCIE's schedule: Adam, no weight decay, a ClusteringHook before every
# epoch. The reference uses lr 1e-4 on COCO and 1e-3 on Cityscapes, 10 epochs.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=10, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4, weight_decay=0.0))
# PiCIE's k-means: seeded on the pixels of 20 batches of 256 images
# (= 40 batches of 16 on each of 8 GPUs) with 10 faiss iterations (COCO's
# script), then one online pass. Before every epoch on the two training
# views; once more before evaluation on the plain train images as
# evaluation sees them, in a fixed order (the reference's final k-means).
# Named so that configs adding hooks (PGG's label hook) reuse them:
#   custom_hooks = [label_hook, {{_base_.epoch_clustering}},
#                   {{_base_.eval_clustering}}]
epoch_clustering = dict(
    type='ClusteringHook',
    fit_on=('train_epoch', ),
    pixels_per_image=1024,
    num_init_batches=40,
    num_init_iters=10,
    seed=0)
eval_clustering = dict(
    type='ClusteringHook',
    fit_on=('val', 'test'),
    dataloader='train_as_test',
    pixels_per_image=1024,
    num_init_batches=40,
    num_init_iters=10,
    seed=0)
custom_hooks = [epoch_clustering, eval_clustering]
