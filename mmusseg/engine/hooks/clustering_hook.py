"""Fit the centroids of a model's cluster heads by distributed k-means."""
from typing import Dict, Optional, Sequence, Union

import torch
from mmengine.dist import get_rank, get_world_size, is_main_process
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.utils import ProgressBar
from mmseg.registry import HOOKS
from torch.utils.data import DataLoader

from mmusseg.clustering import DistributedMiniBatchKMeans, subsample_pixels
from mmusseg.utils import check_identical_across_ranks
from .train_images import train_images_loader

FIT_EVENTS = ('train_epoch', 'val', 'test')


@HOOKS.register_module()
class ClusteringHook(Hook):
    """Run k-means on pixel features and write the centroids into the model.

    The model must expose ``cluster_heads`` (a dict of
    :class:`mmusseg.models.heads.ClusterHead` by name) and
    ``cluster_features(inputs, data_samples, training_views)`` (the
    (B, D, h, w) features each head clusters, by the same names), as
    :class:`mmusseg.models.segmentors.ClusterSegmentor` does. Before a
    training epoch the hook asks for the training views
    (``training_views=True``: PiCIE's two augmented views, and afterwards
    ``model.on_centroids_updated(counts)`` if the model has it); before
    validation or testing it asks for the plain images
    (``training_views=False``), as PiCIE's final k-means does. Heads
    missing from the returned dict keep their centroids.

    Every rank streams its shard of the data through the model in eval mode,
    keeps ``pixels_per_image`` random pixels per image, and feeds them to a
    :class:`mmusseg.clustering.DistributedMiniBatchKMeans` per head, which
    all-reduces per-cluster sums and counts: no rank ever holds all features
    and memory does not grow with the dataset. All ranks end with identical
    centroids. Rank 0 shows a progress bar.

    Args:
        fit_on (Sequence[str]): When to fit: ``'train_epoch'`` (before each
            training epoch, every ``interval`` epochs), ``'val'`` / ``'test'``
            (before the validation / test loop, e.g. PiCIE's final k-means
            on train images before evaluation). Defaults to
            ``('train_epoch',)``.
        dataloader (DataLoader | dict | str, optional): The data to
            cluster. None uses the runner's train dataloader (the same
            views training sees). ``'train_as_test'``: the train images in
            a fixed order through the test pipeline without label loading
            (PiCIE's final k-means), derived from the config. A dict is
            built with ``runner.build_dataloader``.
            Defaults to None.
        interval (int): Fit every ``interval`` training epochs.
            Defaults to 1.
        pixels_per_image (int): Pixels sampled per image and per head.
            Defaults to 1024.
        num_init_batches (int): Batches whose pixels seed the centroids with
            faiss k-means before the online pass (PiCIE uses ~20).
            Defaults to 20.
        max_init_samples (int): Cap on the pixels held for that seeding,
            over all ranks. Defaults to 200000.
        num_init_iters (int): faiss k-means iterations of the seeding.
            Defaults to 20.
        num_init_redo (int): faiss restarts of that seeding.
            Defaults to 1.
        seed (int): Seed of the pixel sampling and of k-means; before a
            training epoch the epoch is added, so each fit differs yet is
            reproducible. Defaults to 0.
    """

    priority = 'LOW'  # after DistSamplerSeedHook has set the sampler epoch

    def __init__(self,
                 fit_on: Sequence[str] = ('train_epoch', ),
                 dataloader: Optional[Union[DataLoader, dict, str]] = None,
                 interval: int = 1,
                 pixels_per_image: int = 1024,
                 num_init_batches: int = 20,
                 max_init_samples: int = 200_000,
                 num_init_iters: int = 20,
                 num_init_redo: int = 1,
                 seed: int = 0) -> None:
        if isinstance(fit_on, str):
            fit_on = (fit_on, )
        unknown = set(fit_on) - set(FIT_EVENTS)
        if unknown or not fit_on:
            raise ValueError(f'ClusteringHook.fit_on must be a non-empty '
                             f'subset of {FIT_EVENTS}, got {tuple(fit_on)}.')
        if interval < 1 or pixels_per_image < 1 or num_init_batches < 1:
            raise ValueError('ClusteringHook: interval, pixels_per_image and '
                             'num_init_batches must be positive.')
        if isinstance(dataloader, str) and dataloader != 'train_as_test':
            raise ValueError(f"ClusteringHook.dataloader may be None, a "
                             f"dict or 'train_as_test', got {dataloader!r}.")
        self.fit_on = tuple(fit_on)
        self.dataloader = dataloader
        self.interval = interval
        self.pixels_per_image = pixels_per_image
        self.num_init_batches = num_init_batches
        self.max_init_samples = max_init_samples
        self.num_init_iters = num_init_iters
        self.num_init_redo = num_init_redo
        self.seed = seed

    def before_train_epoch(self, runner) -> None:
        """Fit before every ``interval``-th training epoch."""
        if ('train_epoch' in self.fit_on
                and runner.epoch % self.interval == 0):
            self.fit(runner, training_views=True)

    def before_val(self, runner) -> None:
        """Fit before validation when ``'val'`` is in ``fit_on``."""
        if 'val' in self.fit_on:
            self.fit(runner, training_views=False)

    def before_test(self, runner) -> None:
        """Fit before testing when ``'test'`` is in ``fit_on``."""
        if 'test' in self.fit_on:
            self.fit(runner, training_views=False)

    def _get_dataloader(self, runner) -> DataLoader:
        if self.dataloader is None:
            return runner.train_dataloader
        if self.dataloader == 'train_as_test':
            self.dataloader = train_images_loader(runner, 'test')
        elif isinstance(self.dataloader, dict):
            self.dataloader = runner.build_dataloader(
                self.dataloader, seed=runner.seed)
        return self.dataloader

    @torch.no_grad()
    def fit(self, runner,
            training_views: bool = True) -> Dict[str, torch.Tensor]:
        """Cluster the dataloader's pixels and update the cluster heads.

        Args:
            runner (Runner): The runner.
            training_views (bool): Cluster the epoch's training views
                (True) or the plain images (False). Defaults to True.

        Returns:
            dict[str, Tensor]: The new centroids by head name.
        """
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        for attr in ('cluster_heads', 'cluster_features'):
            if not hasattr(model, attr):
                raise TypeError(
                    f'ClusteringHook needs a model with `{attr}`, but '
                    f'{type(model).__name__} has none; use a segmentor such '
                    f'as ClusterSegmentor.')
        heads = model.cluster_heads
        if hasattr(model, 'set_epoch'):
            model.set_epoch(runner.epoch)
        dataloader = self._get_dataloader(runner)
        # Epoch fits differ from epoch to epoch; an evaluation fit does not
        # depend on when it runs, so tools/test.py reproduces validation.
        seed = self.seed + (runner.epoch if training_views else 0)
        kmeans = {}
        for name, head in heads.items():
            kmeans[name] = DistributedMiniBatchKMeans(
                num_clusters=head.num_clusters,
                num_init_batches=self.num_init_batches,
                max_init_samples=self.max_init_samples,
                num_init_iters=self.num_init_iters,
                num_init_redo=self.num_init_redo,
                spherical=head.spherical,
                seed=seed)
        # Each rank samples its own pixel positions, reproducibly.
        generator = torch.Generator().manual_seed(seed + 100_003 * get_rank())
        was_training = model.training
        model.eval()
        progress = ProgressBar(len(dataloader)) if is_main_process() else None
        runner.logger.info(
            f'ClusteringHook: fitting {len(heads)} head(s) on '
            f'{len(dataloader)} batches per rank.')
        for data in dataloader:
            data = model.data_preprocessor(data, False)
            feats = model.cluster_features(
                data['inputs'], data['data_samples'],
                training_views=training_views)
            unknown = set(feats) - set(heads)
            if unknown:
                raise KeyError(f'cluster_features returned {sorted(unknown)}'
                               f', which are not in cluster_heads.')
            for name, feat in feats.items():
                pixels = subsample_pixels(feat, self.pixels_per_image,
                                          generator)
                kmeans[name].update(pixels.float())
            if progress is not None:
                progress.update()
        centroids = {}
        for name, head in heads.items():
            if kmeans[name].num_updates == 0:
                continue  # not clustered in this mode
            centroids[name] = kmeans[name].finalize()
            head.set_centroids(centroids[name])
        check = check_identical_across_ranks(centroids, 'Centroids')
        runner.logger.info(
            f'ClusteringHook: centroids of {sorted(centroids)} identical on '
            f'{get_world_size()} rank(s) (fingerprint {check:.6g}).')
        if training_views and hasattr(model, 'on_centroids_updated'):
            model.on_centroids_updated(
                {name: kmeans[name].counts for name in centroids})
        model.train(was_training)
        if progress is not None:
            print()
        return centroids
