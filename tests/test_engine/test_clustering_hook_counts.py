"""ClusteringHook hands PiCIE the counts of its final labels (PiCIE's
``compute_labels``): every pixel of both training views, labelled by the
epoch's snapshot with the final centroids."""
from types import SimpleNamespace

import torch
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mmusseg  # noqa: F401
from mmusseg.engine.hooks import ClusteringHook


def tiny_picie():
    init_default_scope('mmseg')
    return MODELS.build(dict(
        type='PiCIE',
        data_preprocessor=dict(type='SegDataPreProcessor',
                               mean=[123.675, 116.28, 103.53],
                               std=[58.395, 57.12, 57.375], bgr_to_rgb=True),
        backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3)),
        neck=dict(type='LateralFPN', in_channels=[64, 128, 256, 512],
                  out_channels=8),
        cluster_head=dict(type='ClusterHead', num_clusters=4, channels=8,
                          distance='dot')))


def batches():
    gen = torch.Generator().manual_seed(0)
    return [
        dict(inputs=[torch.randint(0, 256, (3, 32, 32), dtype=torch.uint8,
                                   generator=gen) for _ in range(2)],
             data_samples=[SegDataSample(metainfo=dict(sample_idx=2 * b + i))
                           for i in range(2)])
        for b in range(3)
    ]


def fit(count_labels):
    model = tiny_picie()
    model.train()
    runner = SimpleNamespace(model=model, epoch=0, train_dataloader=batches(),
                             logger=MMLogger.get_current_instance())
    ClusteringHook(num_init_images=2, images_per_update=2,
                   count_labels=count_labels).fit(runner)
    assert model.training  # restored
    return model


def snapshot_label_frequencies(model):
    counts = {name: torch.zeros(4) for name in model.cluster_heads}
    for data in batches():
        data = model.data_preprocessor(data, False)
        view1, view2, params = model.make_views(data['inputs'],
                                                data['data_samples'])
        s1, s2 = model._view_features(model._snapshot, view1, view2, params)
        for name, feat in (('cluster_head', s1), ('cluster_head2', s2)):
            labels = model._labels(feat, model.cluster_heads[name])
            counts[name] += torch.bincount(labels.flatten(), minlength=4)
    return {name: c / c.sum() for name, c in counts.items()}


def test_weights_are_the_final_label_frequencies():
    model = fit(count_labels=True)
    for name, freq in snapshot_label_frequencies(model).items():
        torch.testing.assert_close(model.class_weights(name), freq)


def test_without_the_count_pass_weights_come_from_kmeans():
    model = fit(count_labels=False)
    freq = snapshot_label_frequencies(model)
    assert any(not torch.allclose(model.class_weights(n), f, atol=1e-4)
               for n, f in freq.items())


def test_a_model_without_the_clustering_contract_is_refused():
    import pytest
    from torch import nn
    runner = SimpleNamespace(model=nn.Linear(2, 2), epoch=0,
                             train_dataloader=batches(),
                             logger=MMLogger.get_current_instance())
    with pytest.raises(TypeError, match='ClusterableMixin'):
        ClusteringHook().fit(runner)
