# COCO-Stuff-27 in the community layout
# (docs/dataset_prepare.md#coco-stuff-27):
#   data/cocostuff/images/{train2017,val2017}/*.jpg
#   data/cocostuff/annotations/{train2017,val2017}/*.png
#   data/cocostuff/curated/{train2017,val2017}/Coco164kFull_Stuff_Coarse_7.txt
# Trains on the curated `_7` train list (49,629 images) without labels and
# evaluates on the curated `_7` val list (2,175 images), on a 320 center crop.
_base_ = ['./crop320_pipelines.py']
dataset_type = 'COCOStuff27Dataset'
data_root = 'data/cocostuff'
num_classes = 27
# The train images for methods that draw views in the model (PiCIE, PGG).
train_images = dict(
    type=dataset_type,
    data_root=data_root,
    split='train2017',
    with_labels=False,
    curated_list='curated/train2017/Coco164kFull_Stuff_Coarse_7.txt')
view_train_dataset = dict(
    train_images, pipeline={{_base_.view_train_pipeline}})
train_dataloader = dict(
    _base_.train_loader,
    dataset=dict(train_images, pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    _base_.test_loader,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val2017',
        curated_list='curated/val2017/Coco164kFull_Stuff_Coarse_7.txt',
        test_mode=True,
        pipeline={{_base_.test_pipeline}}))
test_dataloader = val_dataloader
val_evaluator = dict(type='HungarianIoUMetric')
test_evaluator = val_evaluator
