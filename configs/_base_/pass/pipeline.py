# The six PASS stages as one chain for tools/pass_pipeline.py. Each stage
# runs its own config, `pass-<stage>_{setting}.py` next to the pipeline
# config (the pipeline config sets `setting`, e.g. 'r18_imagenets50'), in
# work_dir/<stage name>, and reads the earlier stages' outputs by path
# (`inputs`: config key -> stage whose output it takes). Re-running the
# command skips finished stages and resumes an unfinished one.
setting = 'r18_imagenets50'
data_root = 'data/ImageNetS'  # set on every stage's datasets
stages = [
    dict(name='pretrain', config='pass-pretrain_{setting}.py'),
    dict(
        name='pixel_attention',
        config='pass-attention_{setting}.py',
        inputs={'model.init_cfg.checkpoint': 'pretrain'}),
    dict(
        name='cluster',
        config='pass-cluster_{setting}.py',
        inputs={'load_from': 'pixel_attention'}),
    dict(
        name='pseudo_label',
        config='pass-label_{setting}.py',
        inputs={
            'load_from': 'pixel_attention',
            'train_cfg.centroids': 'cluster'
        }),
    dict(
        name='finetune',
        config='pass-finetune_{setting}.py',
        inputs={
            'model.backbone.init_cfg.checkpoint': 'pretrain',
            'train_dataloader.dataset.seg_dir': 'pseudo_label'
        }),
    # matching found on validation and saved for reuse on test
    dict(
        name='evaluate',
        config='pass-finetune_{setting}.py',
        mode='test',
        inputs={'load_from': 'finetune'},
        cfg_options={
            'test_evaluator.save_matching': '{stage_dir}/matching.json'
        }),
]
# per-stage config overrides, by stage name (see pass_r18_tiny-imagenets50)
stage_options = dict()
