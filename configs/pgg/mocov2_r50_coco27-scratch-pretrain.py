# MoCo v2 from random initialisation on the COCO-Stuff-27 curated train
# images only (49,629, no labels): the ISS stage of the paper's fully
# self-supervised setting (Table 1: "trained our model depending on only
# the COCO-stuff dataset without additional data"). The paper does not give
# this stage's schedule; MoCo v2's 200 epochs are used.
#   bash tools/dist_train.sh \
#       configs/pgg/mocov2_r50_coco27-scratch-pretrain.py 8
#   cp work_dirs/mocov2_r50_coco27-scratch-pretrain/epoch_200.pth \
#       checkpoints/mocov2_r50_coco27-scratch.pth
_base_ = ['./mocov2_r50_coco27-pretrain.py']
load_from = None
