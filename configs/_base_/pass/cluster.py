# PASS stage 3: image-level k-means of the attention-pooled embeddings of
# the train images (resize 256, center crop 224), K = number of classes,
# faiss with 30 restarts of 20 iterations (reference: cluster.py). The
# stage-2 checkpoint is `load_from`; the centroids go to
# work_dir/centroids.npy.
_base_ = ['./pixel_attention.py']
data_preprocessor = dict(
    _delete_=True,
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True)
model = dict(data_preprocessor=data_preprocessor, init_cfg=None)
train_dataloader = dict(
    batch_size=64,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(pipeline=[
        dict(type='LoadAnyImageFromFile'),
        dict(type='ResizeCenterCrop', scale=256, crop_size=224),
        dict(type='PackSegInputs'),
    ]))
train_cfg = dict(
    _delete_=True,
    type='ImageClusteringLoop',
    num_clusters={{_base_.subset}},
    num_iters=20,
    num_redo=30)
optim_wrapper = dict(
    _delete_=True, type='OptimWrapper', optimizer=dict(type='SGD', lr=0.0))
param_scheduler = None
load_from = 'work_dirs/pass_r18_imagenets50/pixel_attention/epoch_20.pth'
