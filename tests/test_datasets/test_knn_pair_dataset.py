"""KNNPairDataset: each sample's partner is drawn from its own row of the
KNN table, among the first ``num_neighbours`` entries after itself."""
import numpy as np
import pytest
import torch
from mmseg.structures import SegDataSample

from mmusseg.datasets import KNNPairDataset


class Numbered:
    """Sample i's image is filled with i."""

    pipeline = None

    def __len__(self):
        return 6

    def __getitem__(self, idx):
        return dict(inputs=torch.full((1, 2, 2), idx),
                    data_samples=SegDataSample())

    def get_data_info(self, idx):
        return dict(sample_idx=idx)


def table():
    # row i: itself, then neighbours (i+3, i+1, i+5, i+2, i+4) mod 6
    return np.array([[i] + [(i + d) % 6 for d in (3, 1, 5, 2, 4)]
                     for i in range(6)])


def test_partner_is_the_drawn_neighbour_of_the_same_row(monkeypatch):
    pairs = KNNPairDataset(Numbered(), num_neighbours=3)
    pairs.set_knn(table())
    for draw in range(3):
        monkeypatch.setattr(np.random, 'randint',
                            lambda high, d=draw: d if high == 3 else None)
        for idx in range(6):
            item = pairs[idx]
            assert int(item['inputs'][0, 0, 0]) == idx
            partner = int(item['data_samples'].knn_inputs[0, 0, 0])
            assert partner == table()[idx, 1 + draw]


def test_partners_cover_the_nearest_and_never_self():
    np.random.seed(0)
    pairs = KNNPairDataset(Numbered(), num_neighbours=2)
    pairs.set_knn(torch.from_numpy(table()))
    for idx in range(6):
        seen = {int(pairs[idx]['data_samples'].knn_inputs[0, 0, 0])
                for _ in range(40)}
        assert seen == {(idx + 3) % 6, (idx + 1) % 6}


def test_table_and_misuse_errors():
    pairs = KNNPairDataset(Numbered(), num_neighbours=5)
    with pytest.raises(RuntimeError, match='KNNHook'):
        pairs[0]
    with pytest.raises(ValueError, match='> 5'):
        pairs.set_knn(table()[:, :5])
    with pytest.raises(ValueError, match='shape'):
        pairs.set_knn(table()[:4])
    with pytest.raises(ValueError, match='num_neighbours'):
        KNNPairDataset(Numbered(), num_neighbours=0)
    assert len(pairs) == 6 and pairs.get_data_info(2) == dict(sample_idx=2)
