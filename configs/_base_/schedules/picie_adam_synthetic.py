# PiCIE's schedule sized for the built-in synthetic scenes (200 images of
# 96 px): 256 pixels per image and 5 batches (20 faiss iterations) for the
# k-means seeding.
_base_ = ['./picie_adam.py']
epoch_clustering = dict(
    type='ClusteringHook',
    fit_on=('train_epoch', ),
    pixels_per_image=256,
    num_init_batches=5,
    num_init_iters=20,
    seed=0)
eval_clustering = dict(
    type='ClusteringHook',
    fit_on=('val', 'test'),
    dataloader='train_as_test',
    pixels_per_image=256,
    num_init_batches=5,
    num_init_iters=20,
    seed=0)
custom_hooks = [epoch_clustering, eval_clustering]
