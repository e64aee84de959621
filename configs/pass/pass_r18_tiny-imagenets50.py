# The PASS chain at toy scale, for a CPU smoke run of all six stages on a
# tiny tree in the ImageNet-S-50 layout (one or two small images per
# class, e.g. from mmusseg.testing.make_fake_imagenet_s):
#   python tools/pass_pipeline.py configs/pass/pass_r18_tiny-imagenets50.py \
#       --cfg-options data_root=data/ImageNetS-tiny
# Same stages and code as pass_r18_imagenets50.py; crops of 64/32 pixels,
# 2 epochs, batch 8, 20 prototypes and a 16-entry queue from epoch 1,
# no dataloader workers. Its numbers mean nothing.
_base_ = ['./pass_r18_imagenets50.py']
work_dir = 'work_dirs/pass_r18_tiny-imagenets50'
data_root = 'data/ImageNetS-tiny'
_loader = {
    'train_dataloader.batch_size': 8,
    'train_dataloader.num_workers': 0,
    'train_dataloader.persistent_workers': False,
}
_epochs = {'train_cfg.max_epochs': 2}
_model = {
    'model.hidden_dim': 64,
    'model.swav.num_prototypes': 20,
    'model.swav.queue_length': 16,
    'model.swav.batch_size': 8,
    'model.swav.queue_start_epoch': 1,
}
_test = {
    'test_dataloader.num_workers': 0,
    'test_dataloader.persistent_workers': False,
    'test_dataloader.dataset.pipeline.1.size': 64,
}
stage_options = dict(
    pretrain={
        **_loader, **_epochs, **_model,
        'model.swav.freeze_prototypes_iters': 2,
        'train_dataloader.dataset.pipeline.1.crop_sizes': (64, 32),
    },
    pixel_attention={
        **_loader, **_epochs, **_model,
        'train_dataloader.dataset.pipeline.1.crop_sizes': (64, ),
    },
    cluster={
        **_loader, 'model.hidden_dim': 64,
        'model.swav.num_prototypes': 20,
        'train_cfg.num_redo': 2,
        'train_dataloader.dataset.pipeline.1.scale': 64,
        'train_dataloader.dataset.pipeline.1.crop_size': 56,
    },
    pseudo_label={
        **_loader, 'model.hidden_dim': 64,
        'model.swav.num_prototypes': 20,
        'train_dataloader.batch_size': 1,
        'train_cfg.otsu_images': 20,
        'train_dataloader.dataset.pipeline.1.size': 64,
    },
    finetune={
        **_loader, **_epochs, **_test,
        'train_dataloader.dataset.pipeline.2.size': 64,
    },
    evaluate=_test,
)
