# The paper's Table 6 "Ours+H." (15.69 mIoU; PiCIE+H. 14.36, see
# configs/picie/picie-h_r18_fpn_coco27.py): PiCIE's setting, a supervised
# ImageNet ResNet-18 (torchvision's, as PiCIE), with the full model (CAE,
# PGG with crops as training images, "Mod." head) and PiCIE's "+H"
# auxiliary over-clustering heads. The pseudo-labels come "from the fully
# connected classification layer of the supervised models" (section 5.4):
# each view takes the classifier's most probable ImageNet class (L = 1000),
# and active selection keeps the 40% of views with the highest probability.
# Not given by the paper: the FPN width (256, its general setting), the
# auxiliary K (100, as picie-h_r18_fpn_coco27.py), the learning rate (the
# appendix's 1e-3, as the other PGG rows).
#   bash tools/dist_train.sh configs/pgg/pgg-h_r18-sup-fc_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
supervised_checkpoint = 'checkpoints/resnet18-imagenet.pth'
model = dict(
    backbone=dict(
        depth=18,
        init_cfg=dict(
            _delete_=True, type='Pretrained',
            checkpoint=supervised_checkpoint)),
    neck=dict(fpn=dict(in_channels=[64, 128, 256, 512])),
    aux_cluster_head=dict(
        type='ClusterHead', num_clusters=100, channels=256, distance='dot'),
    guidance_head=dict(num_classes=1000))
label_hook = dict(
    _base_.label_hook,
    encoder=dict(
        type='GlobalEncoder',
        backbone=dict(type='mmpretrain.ResNet', depth=18),
        head=dict(
            type='mmpretrain.LinearClsHead',
            num_classes=1000,
            in_channels=512),
        # torchvision's keys: fc.* is the classifier, the rest the ResNet
        revise_keys=[(r'^module\.', ''), (r'^fc\.', 'head.fc.'),
                     (r'^(?!head\.)', 'backbone.')],
        checkpoint=supervised_checkpoint))
custom_hooks = [label_hook, *_base_.clustering_hooks]
