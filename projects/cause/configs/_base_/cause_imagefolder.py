# Your own unlabelled images (every image under DATA_ROOT, recursively),
# five-cropped as CAUSE's training sets are. No labels: no linear probe
# and no evaluation; look at the result with tools/infer.py.
# (DATA_ROOT is read when the config is loaded.)
_base_ = ['./cause_pipelines.py']
data_root = '{{$DATA_ROOT:data/my_images}}'
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='FiveCropDataset',
        crop_ratio=0.5,
        dataset=dict(
            type='ImageFolderDataset',
            data_root=data_root,
            # CAUSE's 320 five-crop pipeline without label loading
            pipeline=[
                step for step in _base_.train_pipeline_320
                if step.type != 'LoadMappedAnnotations'
            ])))
val_dataloader = None
val_evaluator = None
test_dataloader = None
test_evaluator = None
