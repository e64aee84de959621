# PASS in miniature on the stand-in corpus as ImageNet-S-50 (50 classes,
# 64 train + 8 validation images of 64x64 per class, mmusseg.datasets.
# standin_objects), all six stages from scratch on one CPU:
#   python tools/pass_pipeline.py configs/pass/pass_r18_standin-objects.py
# or, with seeds and the table, tools/analysis_tools/reproduce_claims.py pass.
# Same stages and code as pass_r18_imagenets50.py at the corpus' scale:
# crops of 64/32 pixels (the images are 64x64), inference at 64, 5 + 4 + 4
# epochs instead of 200 + 20 + 20, SwAV's queue from the start (below).
# Four stages are added after `evaluate` to score stage 4 as the claim
# asks: `label_val` labels the validation images exactly as stage 4 labels
# the train images (its Otsu threshold is the validation images' own:
# still label-free), `score_labels` scores those masks with the ImageNet-S
# protocol (MaskFolderTestLoop), and `label_val_all_fg` /
# `score_labels_all_fg` are the no-attention baseline: the same labels
# with every pixel foreground (threshold 0).
_base_ = ['./pass_r18_imagenets50.py']
work_dir = 'work_dirs/pass_r18_standin-objects'
# every dataset is StandinObjectsDataset, which generates the corpus on
# first use (4 s) under data_root
data_root = 'data/standin_objects'
_label_val = dict(
    config='pass-label_{setting}.py',
    inputs={
        'load_from': 'pixel_attention',
        'train_cfg.centroids': 'cluster'
    })
_score = dict(
    config='pass-finetune_{setting}.py',
    mode='test',
    cfg_options={'test_cfg.type': 'MaskFolderTestLoop'})
stages = _base_.stages + [
    dict(_label_val, name='label_val'),
    dict(_score, name='score_labels',
         inputs={'test_cfg.mask_dir': 'label_val'}),
    dict(_label_val, name='label_val_all_fg'),
    dict(_score, name='score_labels_all_fg',
         inputs={'test_cfg.mask_dir': 'label_val_all_fg'}),
]
_loader = {
    'train_dataloader.dataset.type': 'StandinObjectsDataset',
    'train_dataloader.num_workers': 1,
    'train_dataloader.persistent_workers': True,
}
_test = {
    'test_dataloader.dataset.type': 'StandinObjectsDataset',
    'test_dataloader.num_workers': 0,
    'test_dataloader.persistent_workers': False,
    'test_dataloader.dataset.pipeline.1.size': 64,
}
_label = {
    **_loader,
    'train_dataloader.batch_size': 1,
    'train_dataloader.dataset.pipeline.1.size': 64,
    'train_cfg.otsu_images': 3200,
}
_label_val_options = {
    **_label,
    'train_dataloader.dataset.split': 'validation',
}
stage_options = dict(
    pretrain={
        **_loader,
        'train_cfg.max_epochs': 5,
        'train_dataloader.dataset.pipeline.1.crop_sizes': (64, 32),
        # the reference's queue of 2048 from the first epoch (not the
        # 15th) and prototypes frozen for the first epoch (not 1001
        # iterations): its Sinkhorn spans 8 x 32 images before the queue
        # starts, one process here only 32; with a queue of 512 (from
        # epoch 0 or 1) SwAV collapsed, its loss at chance, ln(500) / 2,
        # within 3 epochs
        'model.swav.queue_start_epoch': 0,
        'model.swav.freeze_prototypes_iters': 100,
    },
    pixel_attention={
        **_loader,
        'train_cfg.max_epochs': 4,
        'train_dataloader.dataset.pipeline.1.crop_sizes': (64, ),
        # full after 64 of the 400 iterations (the reference's 3840 would
        # hold more than the 3,200 images)
        'model.swav.queue_length': 2048,
    },
    cluster={
        **_loader,
        'train_dataloader.dataset.pipeline.1.scale': 64,
        'train_dataloader.dataset.pipeline.1.crop_size': 56,
    },
    pseudo_label=_label,
    finetune={
        **_loader, **_test,
        'train_cfg.max_epochs': 4,
        'train_dataloader.dataset.pipeline.2.size': 64,
    },
    evaluate=_test,
    label_val=_label_val_options,
    score_labels=_test,
    label_val_all_fg={**_label_val_options, 'train_cfg.threshold': 0.0},
    score_labels_all_fg=_test,
)
