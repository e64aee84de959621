"""PASS stage 4: pixel pseudo-labels of the training images."""
import json
import math
import os.path as osp
from typing import Dict, Union

import numpy as np
import torch
from mmengine.dist import all_reduce, barrier, get_world_size, is_main_process
from mmengine.utils import ProgressBar
from mmseg.registry import LOOPS
from torch.utils.data import DataLoader

from mmusseg.clustering import foreground_pseudo_labels, otsu_threshold
from mmusseg.datasets.imagenet_s import (imagenet_s_mask_path,
                                         write_imagenet_s_mask)
from mmusseg.utils import unwrap_model
from .non_parametric_loop import NonParametricTrainLoop


@LOOPS.register_module()
class PseudoLabelLoop(NonParametricTrainLoop):
    """Write a pseudo-label mask for every training image.

    Each pixel takes 1 + its nearest image-level centroid (stage 3) by
    cosine, or 0 (background) where the model's foreground attention is
    below the threshold
    (:func:`mmusseg.clustering.foreground_pseudo_labels`); the mask is
    written at the image's original size as ``output_dir/WNID/NAME.png``
    (ImageNet-S coding, R + 256 G), which
    ``ImageNetSDataset(seg_dir=...)`` reads for fine-tuning. The model must
    offer ``foreground(inputs) -> (features, attention)`` (e.g.
    :class:`mmusseg.models.PASSPixelAttention`); load it with ``load_from``.

    The threshold is label-free by default: ``'otsu'`` takes Otsu's
    threshold of the attention histogram of ``otsu_images`` random training
    images (at the feature resolution), saved to ``work_dir/threshold.json``
    and reused when the stage is re-run. A number is used as is; PASS's
    released thresholds (0.41 / 0.40 / 0.37) were chosen by sweeping on
    the validation masks, i.e. with labels.

    Existing masks are kept, so a killed run resumes where it stopped.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The training images at inference
            size (PASS: shorter side 256), batch size 1, no shuffling.
        centroids (str): The ``.npy`` file of stage 3.
        threshold (str | float): ``'otsu'`` or a value. Defaults to 'otsu'.
        otsu_images (int): Images of the Otsu histogram. Defaults to 10000.
        otsu_bins (int): Its bins over [0, 1]. Defaults to 256.
        output_dir (str): Mask folder, relative to the work dir.
            Defaults to 'labels'.
        seed (int): Seed of the Otsu image sample. Defaults to 0.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 centroids: str,
                 threshold: Union[str, float] = 'otsu',
                 otsu_images: int = 10000,
                 otsu_bins: int = 256,
                 output_dir: str = 'labels',
                 seed: int = 0) -> None:
        super().__init__(runner, dataloader)
        if threshold != 'otsu' and not isinstance(threshold, (int, float)):
            raise ValueError(f"threshold must be 'otsu' or a number, got "
                             f'{threshold!r}.')
        if self.dataloader.batch_size != 1:
            raise ValueError('PseudoLabelLoop needs batch_size=1: images '
                             'keep their own sizes.')
        if not osp.isfile(centroids):
            raise FileNotFoundError(
                f'No centroids at {centroids!r}; run the clustering stage '
                f'(ImageClusteringLoop) first.')
        self.centroids = torch.from_numpy(np.load(centroids)).float()
        self.threshold = threshold
        self.otsu_images = otsu_images
        self.otsu_bins = otsu_bins
        self.seed = seed
        self.output = osp.join(runner.work_dir, output_dir)

    @torch.no_grad()
    def otsu(self, model) -> float:
        """Otsu's threshold over a random sample of training images."""
        loader = self.runner.build_dataloader(
            dict(
                batch_size=1,
                num_workers=self.dataloader.num_workers,
                sampler=dict(
                    type='DefaultSampler', shuffle=True, seed=self.seed),
                collate_fn=dict(type='pseudo_collate'),
                dataset=self.dataloader.dataset))
        per_rank = math.ceil(
            min(self.otsu_images, len(loader.dataset)) / get_world_size())
        hist = torch.zeros(self.otsu_bins, dtype=torch.float64)
        progress = ProgressBar(per_rank) if is_main_process() else None
        for i, data in enumerate(loader):
            if i == per_rank:
                break
            data = model.data_preprocessor(data, False)
            _, foreground = model.foreground(data['inputs'])
            hist += torch.histc(foreground.float().cpu(), self.otsu_bins,
                                0, 1).double()
            if progress is not None:
                progress.update()
        all_reduce(hist)
        return otsu_threshold(hist)

    def resolve_threshold(self, model) -> float:
        """The configured threshold, or Otsu's (computed once, saved)."""
        if self.threshold != 'otsu':
            return float(self.threshold)
        record = osp.join(self.runner.work_dir, 'threshold.json')
        if osp.isfile(record):
            with open(record) as f:
                return float(json.load(f)['threshold'])
        threshold = self.otsu(model)
        if is_main_process():
            with open(record, 'w') as f:
                json.dump(dict(threshold=threshold, method='otsu',
                               images=self.otsu_images), f)
        barrier()
        return threshold

    @torch.no_grad()
    def run(self):
        """Label every training image this rank holds."""
        self.runner.call_hook('before_train')
        model = unwrap_model(self.runner.model)
        was_training = model.training
        model.eval()
        threshold = self.resolve_threshold(model)
        self.runner.logger.info(
            f'Foreground threshold {threshold:.4f} ({self.threshold}); '
            f'writing masks to {self.output}.')
        progress = ProgressBar(len(self.dataloader)) if (
            is_main_process()) else None
        written = 0
        for data in self.dataloader:
            sample = data['data_samples'][0]
            path = imagenet_s_mask_path(self.output, sample.img_path)
            if not path.is_file():
                data = model.data_preprocessor(data, False)
                features, foreground = model.foreground(data['inputs'])
                labels = foreground_pseudo_labels(
                    features[0], foreground[0], self.centroids, threshold,
                    tuple(sample.ori_shape))
                write_imagenet_s_mask(path, labels.cpu().numpy())
                written += 1
            if progress is not None:
                progress.update()
        if progress is not None:
            print()
        self.runner.logger.info(f'Wrote {written} masks on this rank '
                                f'(kept the {len(self.dataloader) - written} '
                                f'already there).')
        barrier()
        model.train(was_training)
        self._epoch = 1
        self.runner.call_hook('after_train')
        return self.runner.model
