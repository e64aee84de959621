# The full model (pgg_r50_fpn_coco27.py) with pseudo-labels from the ISS
# backbone's last layer, global-average-pooled, instead of its projector.
# The paper contradicts itself: section 4.2.1 extracts "image features ...
# acquired by global average pooling on the feature map from the last
# layer", its appendix uses "the features from projectors". The headline
# config follows the appendix; this one follows section 4.2.1.
#   bash tools/dist_train.sh configs/pgg/pgg-gap-labels_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
label_hook = dict(
    _base_.label_hook, encoder=dict(_base_.iss_encoder, neck=None))
custom_hooks = [label_hook, *_base_.clustering_hooks]
