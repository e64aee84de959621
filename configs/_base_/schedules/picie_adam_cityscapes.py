# PiCIE's schedule with its Cityscapes script's settings: Adam lr 1e-3 and
# 20 faiss iterations for the k-means seeding (picie_adam.py otherwise).
_base_ = ['./picie_adam.py']
optim_wrapper = dict(optimizer=dict(lr=1e-3))
epoch_clustering = dict(
    type='ClusteringHook',
    fit_on=('train_epoch', ),
    pixels_per_image=1024,
    num_init_batches=40,
    num_init_iters=20,
    seed=0)
eval_clustering = dict(
    type='ClusteringHook',
    fit_on=('val', 'test'),
    dataloader='train_as_test',
    pixels_per_image=1024,
    num_init_batches=40,
    num_init_iters=20,
    seed=0)
custom_hooks = [epoch_clustering, eval_clustering]
