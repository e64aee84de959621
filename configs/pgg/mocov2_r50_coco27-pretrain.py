# PGG's "COCO-stuff finetune" (Table 4, second row): MoCo v2 continued on
# the COCO-Stuff-27 curated train images (49,629, no labels), starting from
# the official MoCo v2 ImageNet release converted to mmpretrain's format
# (query AND key encoders):
#   python tools/model_converters/iss2mmpretrain.py \
#       moco_v2_800ep_pretrain.pth.tar \
#       checkpoints/mocov2_r50_800ep_mmpretrain.pth
#   bash tools/dist_train.sh configs/pgg/mocov2_r50_coco27-pretrain.py 8
#   cp work_dirs/mocov2_r50_coco27-pretrain/epoch_200.pth \
#       checkpoints/mocov2_r50_coco27-finetune.pth
# The paper does not give this stage's schedule; MoCo v2's 200 epochs are
# used. Set load_from=None to train from scratch (fully unsupervised).
_base_ = ['../_base_/mocov2_pretrain.py']
train_dataloader = dict(
    dataset=dict(
        type='mmseg.COCOStuff27Dataset',
        data_root='data/cocostuff',
        split='train2017',
        with_labels=False,
        curated_list='curated/train2017/Coco164kFull_Stuff_Coarse_7.txt',
        pipeline={{_base_.train_pipeline}}))
load_from = 'checkpoints/mocov2_r50_800ep_mmpretrain.pth'
