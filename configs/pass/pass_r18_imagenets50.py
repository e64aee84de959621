# PASS (Gao et al., LUSS) on ImageNet-S-50 with ResNet-18, all six stages:
#   python tools/pass_pipeline.py configs/pass/pass_r18_imagenets50.py
# Each stage runs its own config in work_dir/<stage name> and reads the
# previous stages' outputs by path (`inputs`: config key -> stage whose
# output it takes). Re-running the command skips finished stages and
# resumes an unfinished one. Reported (reference, val / test mIoU):
# 29.2 / 29.3.
work_dir = 'work_dirs/pass_r18_imagenets50'
data_root = 'data/ImageNetS'  # set on every stage's datasets
stages = [
    dict(name='pretrain', config='pass-pretrain_r18_imagenets50.py'),
    dict(
        name='pixel_attention',
        config='pass-attention_r18_imagenets50.py',
        inputs={'model.init_cfg.checkpoint': 'pretrain'}),
    dict(
        name='cluster',
        config='pass-cluster_r18_imagenets50.py',
        inputs={'load_from': 'pixel_attention'}),
    dict(
        name='pseudo_label',
        config='pass-label_r18_imagenets50.py',
        inputs={
            'load_from': 'pixel_attention',
            'train_cfg.centroids': 'cluster'
        }),
    dict(
        name='finetune',
        config='pass-finetune_r18_imagenets50.py',
        inputs={
            'model.backbone.init_cfg.checkpoint': 'pretrain',
            'train_dataloader.dataset.seg_dir': 'pseudo_label'
        }),
    # matching found on validation and saved for reuse on test
    dict(
        name='evaluate',
        config='pass-finetune_r18_imagenets50.py',
        mode='test',
        inputs={'load_from': 'finetune'},
        cfg_options={'test_evaluator.save_matching': '{stage_dir}/matching.json'}),
]
# per-stage config overrides, by stage name (see pass_r18_tiny-imagenets50)
stage_options = dict()
