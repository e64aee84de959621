"""PGG's image-level pyramid pseudo-labels, computed once before training."""
import copy
import json

import torch
from mmengine.dist import broadcast, get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS, MODELS

from mmusseg.clustering import image_pseudo_labels
from mmusseg.models.utils import crop_resize_center
from mmusseg.utils import gather_by_index
from .cache import cache_path, load_cache, save_cache
from .train_images import (embed_train_images, first_pipeline,
                           train_images_loader)


@HOOKS.register_module()
class PyramidLabelHook(Hook):
    """Label every training image and its five crops with an image cluster.

    Pyramid global guidance ("Fully Self-Supervised Learning for Semantic
    Segmentation", section 4.2.1): before training, a frozen ISS network
    (:class:`mmusseg.models.backbones.GlobalEncoder`, the checkpoint that
    also initialises the model) embeds the views the model asks for
    (``model.image_label_boxes``: the whole image and its four corner and
    center crops for PGG, the whole image for "GG"), each through the ISS
    evaluation transform (shorter side to ``resize``, center crop
    ``crop_size``). Spherical k-means groups the views into
    ``model.num_image_labels`` clusters (L), each view takes
    its nearest centroid by cosine, and active selection keeps the
    ``select_ratio`` of views closest to their centroid
    (:func:`mmusseg.clustering.image_pseudo_labels`). The (N, 6) labels,
    -1 where not selected, go to ``model.set_image_labels``; the model
    looks them up by ``sample_idx``, with no per-step cost.

    Each rank embeds its shard of the training images (with a progress
    bar), the embeddings are all-gathered, rank 0 clusters them and
    broadcasts the labels. The result is cached in ``cache_dir`` under a
    key of the image list, the ISS weights and every setting, so a second
    run or a resume reuses it. The labels are fixed for the whole training.

    Args:
        encoder (dict): :class:`GlobalEncoder` config (ISS backbone,
            projector and checkpoint).
        resize (int): Shorter side before the center crop. Defaults to 256.
        crop_size (int): Center crop fed to the ISS network. Defaults to 224.
        select_ratio (float): Fraction of views kept by active selection.
            Defaults to 0.4 (the paper's 40%).
        fit_on_whole (bool): Fit the centroids on the whole images only.
            Defaults to False (every view is an image, as in the paper).
        num_iters (int): k-means iterations. Defaults to 20.
        seed (int): k-means seed. Defaults to 0.
        cache_dir (str): Where labels are cached.
            Defaults to ``'data/pgg_cache'``.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self,
                 encoder: dict,
                 resize: int = 256,
                 crop_size: int = 224,
                 select_ratio: float = 0.4,
                 fit_on_whole: bool = False,
                 num_iters: int = 20,
                 seed: int = 0,
                 cache_dir: str = 'data/pgg_cache') -> None:
        self.encoder_cfg = copy.deepcopy(encoder)
        self.resize = resize
        self.crop_size = crop_size
        self.select_ratio = select_ratio
        self.fit_on_whole = fit_on_whole
        self.num_iters = num_iters
        self.seed = seed
        self.cache_dir = cache_dir

    def settings(self, model) -> dict:
        """Everything the labels depend on besides images and weights."""
        return dict(
            encoder=self.encoder_cfg, num_labels=model.num_image_labels,
            boxes=model.image_label_boxes, resize=self.resize,
            crop_size=self.crop_size,
            select_ratio=self.select_ratio, fit_on_whole=self.fit_on_whole,
            num_iters=self.num_iters, seed=self.seed)

    def before_train(self, runner) -> None:
        """Load or compute the labels and hand them to the model."""
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        if not hasattr(model, 'set_image_labels'):
            raise TypeError(f'PyramidLabelHook needs a model with '
                            f'set_image_labels (PGG); got '
                            f'{type(model).__name__}.')
        encoder = MODELS.build(self.encoder_cfg)
        loader = train_images_loader(runner)
        num_train = len(runner.train_dataloader.dataset)
        if len(loader.dataset) != num_train:
            raise ValueError(f'The label pass has {len(loader.dataset)} '
                             f'images but the train set {num_train}.')
        path = cache_path(
            self.cache_dir, 'pgg_labels', loader.dataset,
            encoder.state_dict(),
            dict(self.settings(model),
                 pipeline=first_pipeline(runner.cfg.train_dataloader.dataset)))
        cached = load_cache(path)
        if cached is not None:
            labels = cached['labels']
            runner.logger.info(
                f'PyramidLabelHook: loaded the image labels from {path}.')
        else:
            labels, sims = self.build(runner, model, encoder, loader)
            save_cache(path, dict(labels=labels, similarity=sims,
                                  settings=json.dumps(
                                      self.settings(model), default=str),
                                  checkpoint=encoder.checkpoint))
            runner.logger.info(
                f'PyramidLabelHook: cached the image labels in {path}.')
        self._log_summary(runner, labels, model.num_image_labels)
        model.set_image_labels(labels)

    def embed_views(self, encoder, images: torch.Tensor,
                    boxes) -> torch.Tensor:
        """(B, V, D) embeddings of the ``boxes`` views of (B, 3, H, W)
        preprocessed images."""
        views = [
            encoder(crop_resize_center(images, box, self.resize,
                                       self.crop_size)) for box in boxes
        ]
        return torch.stack(views, dim=1)

    def build(self, runner, model, encoder, loader):
        """Embed, gather, cluster on rank 0, broadcast: (N, V) labels and
        similarities, identical on all ranks."""
        num, boxes = len(loader.dataset), model.image_label_boxes
        runner.logger.info(
            f'PyramidLabelHook: embedding {len(boxes)} views of {num} '
            f'images with {encoder.checkpoint}.')
        device = next(model.parameters()).device
        encoder.to(device)
        local, indices = embed_train_images(
            model, loader, lambda x: self.embed_views(encoder, x, boxes))
        embeddings = gather_by_index(local, indices, num)
        labels = torch.empty(num, len(boxes), dtype=torch.long)
        sims = torch.empty(num, len(boxes))
        if get_rank() == 0:
            labels, sims, _ = image_pseudo_labels(
                embeddings, model.num_image_labels, self.select_ratio,
                self.fit_on_whole, self.num_iters, seed=self.seed)
        # broadcast on the device the process group works with
        labels, sims = labels.to(device), sims.to(device)
        broadcast(labels, 0)
        broadcast(sims, 0)
        return labels.cpu(), sims.cpu()

    @staticmethod
    def _log_summary(runner, labels: torch.Tensor, num_labels: int) -> None:
        kept = (labels >= 0).float().mean(0) * 100
        used = torch.unique(labels[labels >= 0]).numel()
        per_view = ', '.join(f'{k:.0f}%' for k in kept.tolist())
        runner.logger.info(
            f'PyramidLabelHook: {labels.shape[0]} images x {labels.shape[1]}'
            f' views; kept per view (whole, corners, center): {per_view}; '
            f'{used} of {num_labels} clusters used.')

