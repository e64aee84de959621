# PiCIE (Cho et al., CVPR 2021): the k-means baseline's architecture
# (supervised ImageNet ResNet-18 from a local torchvision checkpoint + FPN
# decoder 128-d at stride 4, L2-normalised) trained with PiCIE's loss. The
# views are 320 px, drawn in the model from (seed, epoch, sample_idx).
_base_ = ['./kmeans_resnet_lateral_fpn.py']
model = dict(
    _base_.resnet18_imagenet,
    type='PiCIE',
    # PiCIE classifies with its centroids as 1x1 conv weights: dot product
    cluster_head=dict(num_clusters=27, channels=128, distance='dot'),
    # PairedViewSampler's defaults are the reference's views
    # (janghyuncho/PiCIE, data/custom_transforms.py): the square crop of side
    # U(0.5, 1), one coin per jitter op in a fixed order on the 640 image,
    # its blur radius rule, and no grayscale (the --grey/'gray' key typo).
    views=dict(seed=0),
    view_size=320,
    # the reference's CE weights: proportional to the cluster sizes
    balance='proportional')
