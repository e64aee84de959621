# PiCIE's schedule sized for the built-in synthetic scenes (200 images of
# 96 px, batch 16): the k-means seeds on the first 64 images and updates
# every 16 (one batch), PiCIE's procedure at 1/80 of its sizes.
_base_ = ['./picie_adam.py']
picie_kmeans = dict(num_init_images=64, images_per_update=16)
epoch_clustering = dict(_base_.epoch_clustering, **picie_kmeans)
eval_clustering = dict(_base_.eval_clustering, **picie_kmeans)
custom_hooks = [epoch_clustering, eval_clustering]
epoch_clustering_fixed = dict(_base_.epoch_clustering_fixed, **picie_kmeans)
eval_clustering_fixed = dict(_base_.eval_clustering_fixed, **picie_kmeans)
