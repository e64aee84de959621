"""ClusteringHook hands PiCIE the counts of its final labels (PiCIE's
``compute_labels``): every pixel of both training views, labelled by the
epoch's snapshot with the final centroids. PiCIE keeps those labels and
trains with them: exactly what its snapshot would compute, for two fewer
forward passes per step."""
from types import SimpleNamespace

import pytest
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
    from torch import nn
    runner = SimpleNamespace(model=nn.Linear(2, 2), epoch=0,
                             train_dataloader=batches(),
                             logger=MMLogger.get_current_instance())
    with pytest.raises(TypeError, match='ClusterableMixin'):
        ClusteringHook().fit(runner)


def train_inputs(model, data):
    data = model.data_preprocessor(data, False)
    return data['inputs'], data['data_samples']


def snapshot_labels(model, inputs, data_samples):
    view1, view2, params = model.make_views(inputs, data_samples)
    with torch.no_grad():
        return model._snapshot_labels(view1, view2, params)


@pytest.fixture(scope='module')
def fitted():
    return fit(count_labels=True)


def test_every_training_sample_keeps_its_snapshot_labels(fitted):
    assert sorted(fitted._epoch_labels) == list(range(6))
    for data in batches():
        inputs, data_samples = train_inputs(fitted, data)
        kept = fitted._kept_labels(inputs, data_samples)
        expected = snapshot_labels(fitted, inputs, data_samples)
        assert set(kept) == {'cluster_head', 'cluster_head2'}
        for name in expected:
            assert torch.equal(kept[name], expected[name]), name
        # the two views' labels differ, so a swap of heads would show
        assert not torch.equal(kept['cluster_head'], kept['cluster_head2'])


def test_the_loss_is_the_same_with_kept_or_recomputed_labels(fitted):
    inputs, data_samples = train_inputs(fitted, batches()[1])
    kept = fitted._epoch_labels.copy()
    fitted.train()

    def no_snapshot(*args):
        raise AssertionError('the snapshot ran although labels were kept')

    fitted._snapshot_labels = no_snapshot
    try:
        with_kept = fitted.loss(inputs, data_samples)
    finally:
        del fitted._snapshot_labels
    fitted._epoch_labels.clear()
    try:
        recomputed = fitted.loss(inputs, data_samples)
    finally:
        fitted._epoch_labels.update(kept)
    for name, value in recomputed.items():
        torch.testing.assert_close(with_kept[name], value, rtol=0, atol=0)


def test_a_changed_input_or_an_unlabelled_sample_is_labelled_anew(
        fitted, monkeypatch):
    from mmusseg.models.segmentors import picie
    said = []
    monkeypatch.setattr(picie, 'print_log',
                        lambda msg, **kwargs: said.append(msg))
    inputs, data_samples = train_inputs(fitted, batches()[0])
    assert fitted._kept_labels(inputs, data_samples) is not None
    assert fitted._kept_labels(inputs.flip(-1), data_samples) is None
    assert fitted._kept_labels(inputs + 1, data_samples) is None
    # said once, not at every step
    assert len(said) == 1 and 'labelled other inputs' in said[0]
    other = [s.clone() for s in data_samples]
    other[1].set_metainfo(dict(sample_idx=99))
    assert fitted._kept_labels(inputs, other) is None


def test_a_new_epoch_forgets_the_kept_labels():
    model = fit(count_labels=True)
    model.set_epoch(1)
    assert model._epoch_labels == {}


def test_without_the_counting_pass_nothing_is_kept():
    assert fit(count_labels=False)._epoch_labels == {}
