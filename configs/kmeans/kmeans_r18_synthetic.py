# k-means baseline on the built-in synthetic scenes: randomly initialised
# ResNet-18 + LateralFPN (128-d, stride 4), K = number of classes, one
# clustering pass over the 200 train images, evaluated with the Hungarian
# metric on the 50 val images. Runs on a 2-core CPU in about a minute:
#   python tools/train.py configs/kmeans/kmeans_r18_synthetic.py
_base_ = [
    '../_base_/models/kmeans_resnet_lateral_fpn.py',
    '../_base_/datasets/synthetic_scenes.py',
    '../_base_/schedules/non_parametric.py',
    '../_base_/default_runtime.py',
]
model = dict(cluster_head=dict(num_clusters={{_base_.num_classes}}))
custom_hooks = [
    dict(_base_.clustering_hook, num_init_images=64, images_per_update=16)
]
