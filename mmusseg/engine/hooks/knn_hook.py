"""Build (or load from cache) the KNN table of the training images."""
from typing import Optional

import torch
from mmengine.hooks import Hook
from mmseg.registry import HOOKS

from mmusseg.clustering import distributed_knn
from mmusseg.utils import unwrap_model
from .cache import cache_path, load_cache, save_cache
from .train_images import (embed_train_images, first_pipeline,
                           train_images_loader, with_pipeline)


def _find_pair_dataset(dataset):
    """The KNNPairDataset inside the train dataset (through wrappers)."""
    while dataset is not None:
        if hasattr(dataset, 'set_knn'):
            return dataset
        dataset = getattr(dataset, 'dataset', None)
    return None


@HOOKS.register_module()
class KNNHook(Hook):
    """Give the training set its STEGO KNN table before training starts.

    The model's ``knn_features(inputs)`` (global-average-pooled,
    normalised frozen-backbone features; STEGO's apply Dropout2d first, as
    mhamilton723/STEGO's ``src/precompute_knns.py``) are computed on every
    rank's shard of ``dataloader`` (the training images as KNN sees them,
    e.g. 224 resize + center crop), the cosine top-``k`` table is built in
    chunks (:func:`mmusseg.clustering.distributed_knn`: O(N·k) memory) and
    handed to the train set's :class:`mmusseg.datasets.KNNPairDataset`.

    The table is cached in ``cache_dir`` under a key of the image list, the
    backbone weights, ``k`` and the dataloader's pipeline, so a second run
    (or a resume) loads it instead of recomputing.

    Args:
        dataloader (dict, optional): The KNN dataloader config; its dataset
            must list the same images, in the same order, as the train set.
            Defaults to None: the train set's own images and pipeline
            without label loading (five crops at 224 for STEGO's configs),
            in a fixed order, derived from the config.
        k (int): Neighbours per image (self included). Defaults to 30.
        cache_dir (str): Where tables are cached.
            Defaults to ``'data/knn_cache'``.
        chunk_size (int): Keys per similarity chunk. Defaults to 4096.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self,
                 dataloader: Optional[dict] = None,
                 k: int = 30,
                 cache_dir: str = 'data/knn_cache',
                 chunk_size: int = 4096) -> None:
        self.dataloader_cfg = dataloader
        self.k = k
        self.cache_dir = cache_dir
        self.chunk_size = chunk_size

    def cache_path(self, dataset, model, dataset_cfg: dict) -> str:
        """Cache file of this dataset, backbone, k and pipeline."""
        return cache_path(
            self.cache_dir, 'knn', dataset, model.backbone.state_dict(),
            dict(k=self.k, pipeline=first_pipeline(dataset_cfg)))

    def before_train(self, runner) -> None:
        """Load or build the table and set it on the train set."""
        model = unwrap_model(runner.model)
        pairs = _find_pair_dataset(runner.train_dataloader.dataset)
        if pairs is None:
            raise TypeError('KNNHook needs the train dataset to be (or to '
                            'wrap) a KNNPairDataset.')
        if self.dataloader_cfg is None:
            loader = train_images_loader(runner)
            dataset_cfg = with_pipeline(runner.cfg.train_dataloader.dataset)
        else:
            loader = runner.build_dataloader(self.dataloader_cfg,
                                             seed=runner.seed)
            dataset_cfg = self.dataloader_cfg['dataset']
        if len(loader.dataset) != len(pairs):
            raise ValueError(f'The KNN dataloader has {len(loader.dataset)}'
                             f' images but the train set {len(pairs)}.')
        path = self.cache_path(loader.dataset, model, dataset_cfg)
        cached = load_cache(path)
        if cached is not None:
            table = cached['knn']
            runner.logger.info(f'KNNHook: loaded the KNN table from {path}.')
        else:
            table = self.build(runner, model, loader)
            save_cache(path, dict(knn=table, k=self.k))
            runner.logger.info(f'KNNHook: cached the KNN table in {path}.')
        pairs.set_knn(table)

    @torch.no_grad()
    def build(self, runner, model, loader) -> torch.Tensor:
        """(N, k) neighbour indices of the loader's images, on all ranks."""
        runner.logger.info(f'KNNHook: features of {len(loader.dataset)} '
                           f'images for a top-{self.k} table.')
        feats, indices = embed_train_images(model, loader,
                                            model.knn_features)
        _, table = distributed_knn(feats, indices, len(loader.dataset),
                                   self.k, self.chunk_size)
        return table
