# Evaluate the official PiCIE release (R18 + FPN decoder, 128-d, K = 27) on
# COCO-Stuff-27 with mmusseg's protocol (curated _7 val list, 320 resize +
# center crop, Hungarian matching, no CRF). Convert the release first:
#   python tools/model_converters/picie2mmusseg.py checkpoint.pth.tar picie.pth
#   python tools/test.py \
#       configs/picie/picie-release_r18_fpn_coco27.py picie.pth
# The architecture is the k-means baseline's; only the head differs: PiCIE
# classifies by the dot product with its centroids (1x1 conv weights).
_base_ = ['../kmeans/kmeans_r18_coco27.py']
model = dict(
    backbone=dict(init_cfg=None),  # weights come from the converted release
    cluster_head=dict(distance='dot'))
