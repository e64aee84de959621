# pgg_r18_fpn_synthetic.py with the crops' labels on the crops' regions of
# the whole images' views (crop_mode='region'), the train set holding the
# 200 scenes only: the setting of the README's synthetic table.
#   python tools/train.py configs/pgg/pgg-region_r18_fpn_synthetic.py
_base_ = ['./pgg_r18_fpn_synthetic.py']
model = dict(crop_mode='region', min_crop_coverage=0.5)
train_dataloader = dict(dataset=dict(with_crops=False))
