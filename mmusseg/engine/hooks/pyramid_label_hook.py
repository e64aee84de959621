"""PGG's image-level pyramid pseudo-labels, computed once before training."""
import copy
import json

import torch
from mmengine.dist import broadcast, get_rank
from mmengine.hooks import Hook
from mmseg.registry import HOOKS, MODELS

from mmusseg.clustering.image_labels import (classifier_pseudo_labels,
                                             image_pseudo_labels)
from mmusseg.datasets.pyramid_crop_dataset import PyramidCropDataset
from mmusseg.models.utils import crop_resize_center
from mmusseg.utils import gather_by_index, unwrap_model
from .cache import cache_path, load_cache, save_cache
from .train_images import (embed_train_images, first_pipeline,
                           train_images_loader)


@HOOKS.register_module()
class PyramidLabelHook(Hook):
    """Label every training image and its five crops with an image cluster.

    Pyramid global guidance ("Fully Self-Supervised Learning for Semantic
    Segmentation", section 4.2.1): before training, a frozen network
    (:class:`mmusseg.models.backbones.GlobalEncoder`, the checkpoint that
    also initialises the model) embeds the six views of every image: the
    whole image and its four corner and center crops, each through the ISS
    evaluation transform (shorter side to ``resize``, center crop
    ``crop_size``). Where the views come from follows the model:

    - ``crop_mode='independent'`` (the default): the train set is a
      :class:`mmusseg.datasets.PyramidCropDataset` whose samples are the
      views; each is embedded as an image;
    - ``crop_mode='region'``: the crops (``model.image_label_boxes``) are
      cut from each training image here;
    - "GG" (``pyramid=False``): the whole images only.

    The labels: spherical k-means groups the views into
    ``model.num_image_labels`` clusters (L) (or, with the encoder's
    ``prototypes``, groups SwAV's prototypes), each view takes its nearest
    centroid by cosine; with a supervised classifier as encoder, each view
    takes its predicted class. Active selection keeps the ``select_ratio``
    of views closest to their centroid (most probable), the others get -1
    (:mod:`mmusseg.clustering.image_labels`). The model receives one row
    per training sample (``model.set_image_labels``) and looks its row up
    by ``sample_idx``, with no per-step cost.

    Each rank embeds its shard of the training samples (with a progress
    bar), the embeddings are all-gathered, rank 0 labels them and
    broadcasts. The result, a (N images, 6 views) table with each view's
    score and the centroids, is cached in ``cache_dir`` under a key of the
    sample list, the encoder's weights and every setting, so a second run
    or a resume reuses it. The labels are fixed for the whole training.

    Args:
        encoder (dict): :class:`GlobalEncoder` config (backbone, projector
            or classifier head, checkpoint).
        resize (int): Shorter side before the center crop. Defaults to 256.
        crop_size (int): Center crop fed to the encoder. Defaults to 224.
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

    def settings(self, model, views_per_sample: int) -> dict:
        """Everything the labels depend on besides samples and weights."""
        return dict(
            encoder=self.encoder_cfg, num_labels=model.num_image_labels,
            boxes=model.image_label_boxes,
            samples_per_image=views_per_sample, crop_ratio=model.crop_ratio,
            resize=self.resize, crop_size=self.crop_size,
            select_ratio=self.select_ratio, fit_on_whole=self.fit_on_whole,
            num_iters=self.num_iters, seed=self.seed)

    @staticmethod
    def samples_per_image(model, dataset) -> int:
        """How many consecutive training samples are views of one image
        (6 for a :class:`PyramidCropDataset`, else 1), checked against the
        model's ``crop_mode``."""
        is_pyramid = isinstance(dataset,
                                PyramidCropDataset) and dataset.num_views > 1
        if model.samples_are_crops and not is_pyramid:
            raise TypeError(
                "PGG's crop_mode='independent' trains on the pyramid crops "
                'as images: wrap the train dataset in PyramidCropDataset '
                "(see configs/pgg/pgg_r50_fpn_coco27.py), or set "
                "model.crop_mode='region'.")
        if is_pyramid and not model.samples_are_crops:
            raise TypeError(
                'The train set holds pyramid crops (PyramidCropDataset), '
                'but the model does not train on independent crops '
                "(crop_mode='independent', pyramid=True); set the dataset's "
                'with_crops=False or change the model.')
        if is_pyramid and dataset.crop_ratio != model.crop_ratio:
            raise ValueError(
                f'PyramidCropDataset.crop_ratio ({dataset.crop_ratio}) and '
                f'the model\'s crop_ratio ({model.crop_ratio}) differ; set '
                f'them to the same value.')
        return dataset.num_views if is_pyramid else 1

    def before_train(self, runner) -> None:
        """Load or compute the labels and hand them to the model."""
        model = unwrap_model(runner.model)
        if not hasattr(model, 'set_image_labels'):
            raise TypeError(f'PyramidLabelHook needs a model with '
                            f'set_image_labels (PGG); got '
                            f'{type(model).__name__}.')
        encoder = MODELS.build(self.encoder_cfg)
        encoder.init_weights()
        if encoder.is_classifier and (encoder.num_classes !=
                                      model.num_image_labels):
            raise ValueError(
                f'The classifier labels images with {encoder.num_classes} '
                f'classes but the guidance head has '
                f'{model.num_image_labels}; set guidance_head.num_classes '
                f'to {encoder.num_classes}.')
        loader = train_images_loader(runner)
        num_train = len(runner.train_dataloader.dataset)
        if len(loader.dataset) != num_train:
            raise ValueError(f'The label pass has {len(loader.dataset)} '
                             f'samples but the train set {num_train}.')
        per_image = self.samples_per_image(model, loader.dataset)
        settings = self.settings(model, per_image)
        path = cache_path(
            self.cache_dir, 'pgg_labels', loader.dataset,
            encoder.state_dict(),
            dict(settings,
                 pipeline=first_pipeline(runner.cfg.train_dataloader.dataset)))
        cached = load_cache(path)
        if cached is not None:
            labels = cached['labels']
            runner.logger.info(
                f'PyramidLabelHook: loaded the image labels from {path}.')
        else:
            labels, scores, centroids = self.build(runner, model, encoder,
                                                   loader, per_image)
            save_cache(path, dict(labels=labels, similarity=scores,
                                  centroids=centroids,
                                  settings=json.dumps(settings, default=str),
                                  checkpoint=encoder.checkpoint))
            runner.logger.info(
                f'PyramidLabelHook: cached the image labels in {path}.')
        self._log_summary(runner, labels, model.num_image_labels)
        model.set_image_labels(
            labels.reshape(num_train, len(model.image_label_boxes)))

    def embed_views(self, encoder, images: torch.Tensor,
                    boxes) -> torch.Tensor:
        """(B, V, D) encoder outputs of the ``boxes`` views of (B, 3, H, W)
        preprocessed images."""
        views = [
            encoder(crop_resize_center(images, box, self.resize,
                                       self.crop_size)) for box in boxes
        ]
        return torch.stack(views, dim=1)

    def label_views(self, encoder, outputs: torch.Tensor, num_labels: int):
        """(N, V) labels, (N, V) scores and the centroids (None for a
        classifier) of the (N, V, D) ``encoder`` outputs of N images."""
        if encoder.is_classifier:
            labels, scores = classifier_pseudo_labels(outputs,
                                                      self.select_ratio)
            return labels, scores, None
        prototypes = (encoder.prototypes.cpu()
                      if encoder.prototypes.numel() else None)
        return image_pseudo_labels(
            outputs, num_labels, self.select_ratio, self.fit_on_whole,
            self.num_iters, seed=self.seed, prototypes=prototypes)

    def build(self, runner, model, encoder, loader, per_image: int):
        """Embed, gather, label on rank 0, broadcast: the (N, V) labels and
        scores of the N images' V views (identical on all ranks), and the
        centroids."""
        num, boxes = len(loader.dataset), model.image_label_boxes
        runner.logger.info(
            f'PyramidLabelHook: embedding {len(boxes)} view(s) of each of '
            f'{num} samples with {encoder.checkpoint}.')
        device = next(model.parameters()).device
        encoder.to(device)
        local, indices = embed_train_images(
            model, loader, lambda x: self.embed_views(encoder, x, boxes))
        outputs = gather_by_index(local, indices, num)  # (S, B, D)
        # samples i * per_image + v are the views of image i
        outputs = outputs.reshape(num // per_image, per_image * len(boxes),
                                  -1)
        labels = torch.empty(outputs.shape[:2], dtype=torch.long)
        scores = torch.empty(outputs.shape[:2])
        centroids = None
        if get_rank() == 0:
            labels, scores, centroids = self.label_views(
                encoder, outputs, model.num_image_labels)
        # broadcast on the device the process group works with
        labels, scores = labels.to(device), scores.to(device)
        broadcast(labels, 0)
        broadcast(scores, 0)
        return labels.cpu(), scores.cpu(), centroids

    @staticmethod
    def _log_summary(runner, labels: torch.Tensor, num_labels: int) -> None:
        kept = (labels >= 0).float().mean(0) * 100
        used = torch.unique(labels[labels >= 0]).numel()
        per_view = ', '.join(f'{k:.0f}%' for k in kept.tolist())
        runner.logger.info(
            f'PyramidLabelHook: {labels.shape[0]} images x {labels.shape[1]}'
            f' views; kept per view (whole, corners, center): {per_view}; '
            f'{used} of {num_labels} clusters used.')
