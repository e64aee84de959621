"""Hooks derive their pass over the training images from the train config."""
import pytest

from mmusseg.engine.hooks import ClusteringHook
from mmusseg.engine.hooks.train_images import (first_pipeline, with_pipeline,
                                               without_annotations)

LOAD = dict(type='LoadAnyImageFromFile')
LABELS = dict(type='LoadMappedAnnotations')
PACK = dict(type='PackSegInputs')


def test_pairs_are_unwrapped_and_labels_dropped_everywhere():
    leaf = dict(type='Cityscapes27Dataset', split='train',
                pipeline=[LOAD, LABELS, dict(type='FiveCrop'), PACK])
    train = dict(type='KNNPairDataset', dataset=dict(
        type='FiveCropDataset', dataset=dict(
            type='ConcatDataset', datasets=[leaf, dict(leaf, split='val')])))
    derived = with_pipeline(train)
    assert derived['type'] == 'FiveCropDataset'
    for inner in derived['dataset']['datasets']:
        assert inner['pipeline'] == [LOAD, dict(type='FiveCrop'), PACK]
    assert LABELS in leaf['pipeline']  # the train config is not modified
    replaced = with_pipeline(train, [LOAD, PACK])
    assert first_pipeline(replaced) == [LOAD, PACK]
    assert without_annotations([LOAD, LABELS, PACK]) == [LOAD, PACK]


def test_unknown_dataloader_string_is_explained():
    with pytest.raises(ValueError, match='train_as_test'):
        ClusteringHook(dataloader='train_as_val')
