"""Fit the centroids of a model's cluster heads by distributed k-means."""
from typing import Dict, Optional, Sequence, Union

import torch
from mmengine.dist import (all_reduce, all_reduce_params, get_world_size,
                           is_main_process)
from mmengine.hooks import Hook
from mmengine.utils import ProgressBar
from mmseg.registry import HOOKS
from torch.utils.data import DataLoader

from mmusseg.clustering import DistributedMiniBatchKMeans, assign_to_centroids
from mmusseg.models.segmentors.clusterable import ClusterableMixin
from mmusseg.utils import check_identical_across_ranks, unwrap_model
from .train_images import train_images_loader

FIT_EVENTS = ('train_epoch', 'val', 'test')


@HOOKS.register_module()
class ClusteringHook(Hook):
    """Run k-means on pixel features and write the centroids into the model.

    The model implements
    :class:`mmusseg.models.segmentors.ClusterableMixin`: ``cluster_heads``
    and ``cluster_features``, as
    :class:`mmusseg.models.segmentors.ClusterSegmentor` does. Before a
    training epoch the hook calls ``model.set_epoch(epoch)``, asks for the
    training views (``training_views=True``: PiCIE's two augmented views)
    and afterwards calls ``model.on_centroids_updated(counts)``; before
    validation or testing it asks for the plain images
    (``training_views=False``), as PiCIE's final k-means does. Heads
    missing from the returned dict keep their centroids.

    Every rank streams its shard of the data through the model and feeds
    each head's feature maps to a
    :class:`mmusseg.clustering.DistributedMiniBatchKMeans` (PiCIE's
    mini-batch k-means: a faiss seeding on the first images, then online
    updates), which all-reduces per-cluster sums and counts: no rank ever
    holds all features and memory does not grow with the dataset. All
    ranks end with identical centroids. Rank 0 shows a progress bar.

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
        num_init_images (int): Images (over all ranks) whose pixels seed
            the centroids. Defaults to 5120 (PiCIE: 20 batches of 256).
        images_per_update (int): Images (over all ranks) per online update.
            Defaults to 256 (PiCIE's clustering batch).
        max_init_samples (int): Cap on the pixels held for the seeding,
            over all ranks. Defaults to 2,000,000.
        max_pixels_per_image (int, optional): Pixels per image used by the
            online updates. Defaults to None (all, as PiCIE).
        num_init_iters (int): faiss k-means iterations of the seeding.
            Defaults to 20.
        num_init_redo (int): faiss restarts of that seeding.
            Defaults to 1.
        init (str): Initialisation of the faiss seeding, ``'k-means++'`` or
            ``'random'`` (PiCIE's: faiss' default). Defaults to
            ``'k-means++'``.
        fit_in_train_mode (bool): Stream the data with the model in train
            mode, as PiCIE's reference does: BatchNorm normalises with the
            batch statistics and updates its running statistics (averaged
            over ranks afterwards, so ranks stay identical). False keeps
            eval mode. Defaults to False.
        count_labels (bool): After a training-view fit, label every pixel
            of the training views with the final centroids in eval mode (a
            second pass, PiCIE's ``compute_labels``), hand each batch's
            labels to ``model.on_labels_computed`` and their counts to
            ``model.on_centroids_updated``; False hands over the k-means
            counts instead. Defaults to False.
        seed (int): Seed of the pixel sampling and of k-means; before a
            training epoch the epoch is added, so each fit differs yet is
            reproducible. Defaults to 0.
    """

    priority = 'LOW'  # after DistSamplerSeedHook has set the sampler epoch

    def __init__(self,
                 fit_on: Sequence[str] = ('train_epoch', ),
                 dataloader: Optional[Union[DataLoader, dict, str]] = None,
                 interval: int = 1,
                 num_init_images: int = 5120,
                 images_per_update: int = 256,
                 max_init_samples: int = 2_000_000,
                 max_pixels_per_image: Optional[int] = None,
                 num_init_iters: int = 20,
                 num_init_redo: int = 1,
                 init: str = 'k-means++',
                 fit_in_train_mode: bool = False,
                 count_labels: bool = False,
                 seed: int = 0) -> None:
        if isinstance(fit_on, str):
            fit_on = (fit_on, )
        unknown = set(fit_on) - set(FIT_EVENTS)
        if unknown or not fit_on:
            raise ValueError(f'ClusteringHook.fit_on must be a non-empty '
                             f'subset of {FIT_EVENTS}, got {tuple(fit_on)}.')
        if interval < 1:
            raise ValueError('ClusteringHook.interval must be positive.')
        if isinstance(dataloader, str) and dataloader != 'train_as_test':
            raise ValueError(f"ClusteringHook.dataloader may be None, a "
                             f"dict or 'train_as_test', got {dataloader!r}.")
        self.fit_on = tuple(fit_on)
        self.dataloader = dataloader
        self.interval = interval
        self.kmeans_cfg = dict(
            num_init_images=num_init_images,
            images_per_update=images_per_update,
            max_init_samples=max_init_samples,
            max_pixels_per_image=max_pixels_per_image,
            num_init_iters=num_init_iters,
            num_init_redo=num_init_redo,
            init=init)
        self.fit_in_train_mode = fit_in_train_mode
        self.count_labels = count_labels
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

    @staticmethod
    def _stream(model, dataloader: DataLoader, training_views: bool,
                desc: str, logger):
        """Yield each preprocessed batch, its samples and its cluster
        features, with a progress bar."""
        heads = model.cluster_heads
        progress = ProgressBar(len(dataloader)) if is_main_process() else None
        logger.info(f'ClusteringHook: {desc} on {len(dataloader)} batches '
                    f'per rank.')
        for data in dataloader:
            data = model.data_preprocessor(data, False)
            feats = model.cluster_features(
                data['inputs'], data['data_samples'],
                training_views=training_views)
            unknown = set(feats) - set(heads)
            if unknown:
                raise KeyError(f'cluster_features returned {sorted(unknown)}'
                               f', which are not in cluster_heads.')
            yield data['inputs'], data['data_samples'], feats
            if progress is not None:
                progress.update()
        if progress is not None:
            print()

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
        model = unwrap_model(runner.model)
        if not isinstance(model, ClusterableMixin):
            raise TypeError(
                f'ClusteringHook needs a segmentor implementing '
                f'ClusterableMixin (cluster_heads, cluster_features), but '
                f'{type(model).__name__} does not; use or subclass '
                f'ClusterSegmentor.')
        heads = model.cluster_heads
        model.set_epoch(runner.epoch)
        dataloader = self._get_dataloader(runner)
        # Epoch fits differ from epoch to epoch; an evaluation fit does not
        # depend on when it runs, so tools/test.py reproduces validation.
        seed = self.seed + (runner.epoch if training_views else 0)
        kmeans = {
            name: DistributedMiniBatchKMeans(
                num_clusters=head.num_clusters,
                spherical=head.spherical,
                seed=seed,
                **self.kmeans_cfg)
            for name, head in heads.items()
        }
        was_training = model.training
        model.train(self.fit_in_train_mode)
        mode = 'train' if self.fit_in_train_mode else 'eval'
        for _, _, feats in self._stream(model, dataloader, training_views,
                                        f'k-means of {len(heads)} head(s) '
                                        f'in {mode} mode', runner.logger):
            for name, feat in feats.items():
                kmeans[name].update(feat.float())
        if self.fit_in_train_mode and get_world_size() > 1:
            # each rank's BatchNorm saw its own shard: average, so that the
            # ranks keep one model (DDP only broadcasts at its next forward)
            all_reduce_params(model.buffers(), op='mean')
        model.eval()
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
        if training_views:
            counts = {name: kmeans[name].counts for name in centroids}
            if self.count_labels:
                counts = self._count_labels(model, dataloader, centroids,
                                            runner.logger)
            model.on_centroids_updated(counts)
        model.train(was_training)
        return centroids

    def _count_labels(self, model, dataloader: DataLoader,
                      centroids: Dict[str, torch.Tensor],
                      logger) -> Dict[str, torch.Tensor]:
        """Pixels per cluster of every head's final labels (all ranks);
        each batch's labels also go to ``model.on_labels_computed``."""
        counts = {
            name: torch.zeros(len(c), dtype=torch.float64)
            for name, c in centroids.items()
        }
        for inputs, data_samples, feats in self._stream(
                model, dataloader, True, 'counting the final labels',
                logger):
            batch_labels = {}
            for name, feat in feats.items():
                if name not in counts:
                    continue
                pixels = feat.permute(0, 2, 3, 1).flatten(0, 2).float()
                labels, _ = assign_to_centroids(
                    pixels, centroids[name].to(pixels.device))
                labels = labels.cpu()  # once, for the counts and the model
                counts[name] += torch.bincount(
                    labels, minlength=len(counts[name])).double()
                batch_labels[name] = labels.reshape(
                    feat.shape[0], *feat.shape[2:])
            model.on_labels_computed(inputs, data_samples, batch_labels)
        for count in counts.values():
            all_reduce(count)
        return counts
