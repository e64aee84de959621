# USES VALIDATION LABELS to choose the checkpoint, as mhamilton723/STEGO's
# training does (src/train_segmentation.py: validation every 100 steps,
# ModelCheckpoint monitoring test/cluster/mIoU): the published numbers were
# obtained this way. The selection score is the cluster probe's plain
# validation mIoU (no flip, no CRF, as the reference's validation_step);
# evaluate the chosen checkpoint with the paper config:
#   python tools/train.py \
#       configs/stego/stego_vit-b8_coco27_val-label-selection.py
#   python tools/test.py configs/stego/stego_vit-b8_coco27.py \
#       work_dirs/stego_vit-b8_coco27_val-label-selection/best_mIoU_iter_*.pth
# Label-free training is stego_vit-b8_coco27.py (the last checkpoint).
_base_ = ['./stego_vit-b8_coco27.py']
model = dict(test_cfg=dict(flip=False, crf=None))
train_cfg = dict(val_interval=100)
default_hooks = dict(
    checkpoint=dict(interval=100, save_best='mIoU', rule='greater',
                    max_keep_ckpts=2))
