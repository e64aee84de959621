# PGG + CAE, full model, with the other reading of the pyramid crops: the
# train set holds the whole images only, and a crop's label supervises the
# features pooled over the part of each training view that the crop covers
# (where at least min_crop_coverage = 50% of the crop lies in the view).
# The paper's reading (crops as training images of their own) is
# pgg_r50_fpn_coco27.py; the labels of the two are computed alike.
#   bash tools/dist_train.sh configs/pgg/pgg-region_r50_fpn_coco27.py 8
_base_ = ['./pgg_r50_fpn_coco27.py']
model = dict(crop_mode='region', min_crop_coverage=0.5)
train_dataloader = dict(dataset=dict(with_crops=False))
