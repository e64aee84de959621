# PiCIE's schedule: Adam, no weight decay, a ClusteringHook before every
# epoch. The reference uses lr 1e-4 on COCO and 1e-3 on Cityscapes, 10 epochs.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=10, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4, weight_decay=0.0))
# PiCIE's mini-batch k-means (janghyuncho/PiCIE, sh_files/train_picie*.sh:
# KM_INIT=20 batches of 256 images, KM_NUM=1, KM_ITER=20, on COCO and
# Cityscapes alike): faiss seeding (random init) on the pixels of the first
# 5,120 images, then an update per 256 images with every pixel. mmusseg keeps
# a weighted sample of at most 2M seeding pixels instead of all 33M.
picie_kmeans = dict(
    num_init_images=5120,
    images_per_update=256,
    max_init_samples=2_000_000,
    num_init_iters=20,
    init='random')
# Before every epoch on the two training views, in train mode (BatchNorm
# uses batch statistics and updates its running ones, as the reference's
# k-means passes), then a pass labelling every pixel in eval mode whose
# counts give the CE weights (the reference's compute_labels). Named so
# that configs adding hooks (PGG's label hook) reuse them:
#   custom_hooks = [label_hook, {{_base_.epoch_clustering}},
#                   {{_base_.eval_clustering}}]
epoch_clustering = dict(
    type='ClusteringHook',
    fit_on=('train_epoch', ),
    fit_in_train_mode=True,
    count_labels=True,
    seed=0,
    **picie_kmeans)
# Once more before evaluation (also in tools/test.py) on the plain train
# images as evaluation sees them, in a fixed order: the reference's final
# k-means (train.sh's --repeats 1), also in train mode.
eval_clustering = dict(
    type='ClusteringHook',
    fit_on=('val', 'test'),
    dataloader='train_as_test',
    fit_in_train_mode=True,
    seed=0,
    **picie_kmeans)
custom_hooks = [epoch_clustering, eval_clustering]
# mmusseg's corrections, used by the picie-fixed_* configs:
#   model = dict(views={{_base_.fixed_views}}, balance='inverse')
#   custom_hooks = [{{_base_.epoch_clustering_fixed}},
#                   {{_base_.eval_clustering_fixed}}]
# Views: a RandomResizedCrop, MoCo v2's jitter (one coin, random order) and
# blur (sigma ~ U(0.1, 2)), grayscale with p = 0.2, all on the 320 view;
# CE weights inversely proportional to the cluster sizes (the paper's
# intent); the k-means passes stay in eval mode (features that do not
# depend on the clustering batch) and faiss is seeded with k-means++.
fixed_views = dict(
    crop_rule='torchvision',
    jitter_rule='moco',
    blur_rule='uniform',
    reproduce_grayscale_bug=False,
    photometric_on_source=False,
    reproduce_view1_jitter_bug=False)
epoch_clustering_fixed = dict(
    epoch_clustering, fit_in_train_mode=False, init='k-means++')
eval_clustering_fixed = dict(
    eval_clustering, fit_in_train_mode=False, init='k-means++')
