# Your own unlabelled images (every image under DATA_ROOT, recursively),
# five-cropped as CAUSE's training sets are. No labels: no linear probe
# and no evaluation; look at the result with tools/infer.py.
# (DATA_ROOT is read when the config is loaded.)
_base_ = ['../../../../configs/_base_/datasets/defaults.py',
          './cause_pipelines.py']
data_root = '{{$DATA_ROOT:data/my_images}}'
train_dataloader = dict(
    _base_.train_loader,
    batch_size=16,
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
