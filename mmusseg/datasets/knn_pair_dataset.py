"""Pair every training image with one of its nearest neighbours (STEGO)."""
from typing import Optional, Union

import numpy as np
from mmengine.dataset import BaseDataset
from mmseg.registry import DATASETS
from torch import Tensor


@DATASETS.register_module()
class KNNPairDataset:
    """Add a nearest-neighbour partner image to every sample.

    The (N, k) KNN table (self first, as built by
    :class:`mmusseg.engine.hooks.KNNHook` before training) is set with
    :meth:`set_knn`. Sample ``i`` is the wrapped sample with
    ``data_samples.knn_inputs``: the image of a random one of the
    ``num_neighbours`` nearest images, self excluded, through the same
    pipeline. Indices address the wrapped dataset, which may itself be a
    :class:`FiveCropDataset`.

    Args:
        dataset (BaseDataset | dict): The training images.
        num_neighbours (int): Draw the partner among this many nearest
            images. Defaults to 7 (STEGO).
    """

    def __init__(self, dataset: Union[BaseDataset, dict],
                 num_neighbours: int = 7) -> None:
        self.dataset = (DATASETS.build(dataset)
                        if isinstance(dataset, dict) else dataset)
        if num_neighbours < 1:
            raise ValueError('KNNPairDataset.num_neighbours must be >= 1.')
        self.num_neighbours = num_neighbours
        self.knn: Optional[np.ndarray] = None

    @property
    def metainfo(self) -> dict:
        """The wrapped dataset's meta information."""
        return self.dataset.metainfo

    def __len__(self) -> int:
        return len(self.dataset)

    def get_data_info(self, idx: int) -> dict:
        """The wrapped dataset's info."""
        return self.dataset.get_data_info(idx)

    def set_knn(self, knn: Union[Tensor, np.ndarray]) -> None:
        """Set the (N, k) neighbour indices (self in column 0)."""
        knn = np.asarray(knn)
        if knn.shape[0] != len(self) or knn.shape[1] <= self.num_neighbours:
            raise ValueError(
                f'The KNN table has shape {knn.shape}; KNNPairDataset needs '
                f'({len(self)}, > {self.num_neighbours}).')
        self.knn = knn

    def __getitem__(self, idx: int) -> dict:
        if self.knn is None:
            raise RuntimeError('KNNPairDataset has no KNN table: add a '
                               'KNNHook to custom_hooks.')
        item = self.dataset[idx]
        partner = int(self.knn[idx, 1 + np.random.randint(
            self.num_neighbours)])
        item['data_samples'].knn_inputs = self.dataset[partner]['inputs']
        return item
