# PiCIE's schedule sized for the built-in synthetic scenes (200 images of
# 96 px, batch 16): the k-means seeds on the first 64 images and updates
# every 16 (one batch), PiCIE's procedure at 1/80 of its sizes.
_base_ = ['./picie_adam.py']
epoch_clustering = dict(
    type='ClusteringHook',
    fit_on=('train_epoch', ),
    fit_in_train_mode=True,
    count_labels=True,
    seed=0,
    num_init_images=64,
    images_per_update=16,
    num_init_iters=20,
    init='random')
eval_clustering = dict(
    epoch_clustering, fit_on=('val', 'test'), dataloader='train_as_test',
    count_labels=False)
custom_hooks = [epoch_clustering, eval_clustering]
epoch_clustering_fixed = dict(
    epoch_clustering, fit_in_train_mode=False, init='k-means++')
eval_clustering_fixed = dict(
    eval_clustering, fit_in_train_mode=False, init='k-means++')
