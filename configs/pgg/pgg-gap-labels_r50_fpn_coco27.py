# The full model (pgg_r50_fpn_coco27.py) with pseudo-labels from the ISS
# backbone's last layer, global-average-pooled, instead of its projector.
# The paper contradicts itself: section 4.2.1 extracts "image features ...
# acquired by global average pooling on the feature map from the last
# layer", its appendix uses "the features from projectors". The headline
# config follows the appendix; this one follows section 4.2.1.
#   bash tools/dist_train.sh configs/pgg/pgg-gap-labels_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
custom_hooks = [
    dict(
        type='PyramidLabelHook',
        encoder=dict(
            type='GlobalEncoder',
            backbone=dict(type='mmpretrain.ResNet', depth=50),
            neck=None,
            checkpoint={{_base_.iss_checkpoint}}),
        resize=256,
        crop_size=224,
        select_ratio=0.4,
        num_iters=20,
        seed=0),
    {{_base_.epoch_clustering}},
    {{_base_.eval_clustering}},
]
