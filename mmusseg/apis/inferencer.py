"""Run a trained mmusseg model on your own images."""
import copy
import json
import os.path as osp
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Union

import cv2
import numpy as np
import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.utils import ProgressBar, mkdir_or_exist
from mmseg.apis import MMSegInferencer
from mmseg.registry import DATASETS
from mmseg.structures import SegDataSample

from mmusseg.datasets.image_folder import IMG_SUFFIXES
from mmusseg.datasets.layout import list_files
from mmusseg.datasets.palette import make_palette
from mmusseg.datasets.transforms import LoadAnyImageFromFile


@dataclass
class InferResult:
    """The prediction of one image.

    Attributes:
        path (str): The image.
        clusters (np.ndarray | None): (H, W) cluster ids at the image's
            resolution; None when the image could not be read.
        error (str | None): Why the image could not be processed.
    """
    path: str
    clusters: Optional[np.ndarray] = None
    error: Optional[str] = None


@dataclass
class _Loaded:
    """One input after loading: its original BGR image and the packed
    model input, or the error that stopped it."""
    path: str
    image: Optional[np.ndarray] = None
    data: Optional[dict] = None
    error: Optional[str] = None


def list_images(inputs: Union[str, Sequence[str]]) -> List[str]:
    """Expand an image path, a folder (recursively) or a list of them."""
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    images = []
    for path in map(str, paths):
        if osp.isdir(path):
            found = [str(p) for p in list_files(Path(path), IMG_SUFFIXES)]
            if not found:
                raise FileNotFoundError(
                    f'No images ({", ".join(IMG_SUFFIXES)}) under {path}.')
            images += found
        elif osp.isfile(path):
            images.append(path)
        else:
            raise FileNotFoundError(f'{path} is neither a file nor a folder.')
    return images


class ClusterInferencer(MMSegInferencer):
    """Segment images with a config and a checkpoint of any mmusseg model.

    An ``MMSegInferencer`` (model, checkpoint, device, collate and
    ``test_step`` are mmseg's and mmengine's) with what unsupervised
    models need on top:

    - the pipeline does not crop: each image is loaded like the datasets
      do (:class:`LoadAnyImageFromFile`: grayscale, RGBA and 16-bit images
      are converted), resized so that its shorter side is ``scale``, and
      segmented with the model's test-time path (optional flip averaging
      and DenseCRF); the prediction comes back at the original resolution;
    - every image is read once: the loaded original is kept for drawing;
    - an image that cannot be read is reported by name and skipped, the
      others are still processed;
    - the drawing is :class:`ClusterSegLocalVisualizer`'s (image |
      clusters | matched classes, given ``matching``).

    Calling it streams the images in batches and returns one
    :class:`InferResult` per image. With ``out_dir``, every image gets
    ``{out_dir}/labels/{stem}.png`` (the cluster ids; 16-bit when K > 255)
    and ``{out_dir}/vis/{stem}.png``.

    Args:
        config (str | Config): The model's config.
        checkpoint (str): A checkpoint with fitted centroids.
        device (str, optional): 'cpu', 'cuda', ... None picks CUDA when
            available. Defaults to None.
        scale (int, optional): Shorter side the image is resized to. None
            uses the config's evaluation crop size (``crop_size``) or, if
            it has none, the original size. Defaults to None.
        flip (bool): Average with the horizontally flipped image.
            Defaults to False.
        crf (bool): Refine with DenseCRF. Defaults to False.
        crf_workers (int): DenseCRF worker processes (0: inline).
            Defaults to 0.
        matching (str, optional): ``hungarian_matching.json`` written by
            ``tools/test.py --out``: the clusters are then also drawn with
            their matched class names and colours. Defaults to None.
        show_progress (bool): Show a progress bar. Defaults to True.
    """

    def __init__(self,
                 config: Union[str, Config],
                 checkpoint: str,
                 device: Optional[str] = None,
                 scale: Optional[int] = None,
                 flip: bool = False,
                 crf: bool = False,
                 crf_workers: int = 0,
                 matching: Optional[str] = None,
                 show_progress: bool = True) -> None:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'Checkpoint {checkpoint} not found.')
        cfg = (Config.fromfile(config)
               if isinstance(config, str) else copy.deepcopy(config))
        test_cfg = dict(cfg.model.get('test_cfg') or {})
        test_cfg['flip'] = flip
        test_cfg['crf'] = (dict(type='DenseCRF', num_workers=crf_workers)
                           if crf else None)
        cfg.model.test_cfg = test_cfg
        cfg.visualizer = dict(type='ClusterSegLocalVisualizer',
                              name='mmusseg_inferencer', alpha=0.6)
        self.scale = cfg.get('crop_size') if scale is None else scale
        self.loader = LoadAnyImageFromFile()
        super().__init__(
            model=cfg,
            weights=checkpoint,
            device=device,
            scope=cfg.get('default_scope', 'mmseg'),
            show_progress=show_progress)
        classes, palette, cluster_to_class = self._class_info(cfg, matching)
        if classes is not None:
            self.visualizer.set_dataset_meta(classes=classes,
                                             palette=palette)
        if cluster_to_class is not None:
            self.visualizer.set_matching(cluster_to_class)

    def _load_weights_to_model(self, model: torch.nn.Module,
                               checkpoint: Optional[dict],
                               cfg: Optional[Config]) -> None:
        """mmseg's loading, then a check that the centroids were fitted."""
        super()._load_weights_to_model(model, checkpoint, cfg)
        heads = getattr(model, 'cluster_heads', {})
        if 'cluster_head' in heads and not bool(heads['cluster_head'].fitted):
            raise ValueError(
                'The checkpoint has no fitted centroids for cluster_head; '
                'use a checkpoint saved after a ClusteringHook fit.')

    def _init_pipeline(self, cfg: Config) -> Compose:
        """What follows :attr:`loader`: shorter side to :attr:`scale` (the
        longer side is not limited; no crop), then packing."""
        steps = []
        if self.scale is not None:
            steps.append(dict(type='Resize', scale=(100 * self.scale,
                                                    self.scale),
                              keep_ratio=True))
        steps.append(dict(type='PackSegInputs'))
        return Compose(steps)

    @staticmethod
    def _class_info(cfg: Config, matching: Optional[str]):
        """Class names, palette and cluster-to-class matching: names from
        the matching file, else from the config's val dataset class."""
        classes = palette = cluster_to_class = None
        dataset_type = cfg.get('val_dataloader', {}).get('dataset', {}).get(
            'type')
        dataset_cls = DATASETS.get(dataset_type) if dataset_type else None
        if dataset_cls is not None:
            meta = getattr(dataset_cls, 'METAINFO', {})
            classes, palette = meta.get('classes'), meta.get('palette')
        if matching is not None:
            with open(matching) as f:
                record = json.load(f)
            if classes is None or list(classes) != record['classes']:
                classes, palette = record['classes'], None
            cluster_to_class = record['cluster_to_class']
        if classes is not None and palette is None:
            palette = make_palette(len(classes))
        return classes, palette, cluster_to_class

    def preprocess(self, inputs: List[str],
                   batch_size: int = 1) -> Iterator[List[_Loaded]]:
        """Load each image once and run the pipeline, in chunks.

        Args:
            inputs (list[str]): Image paths.
            batch_size (int): Images per chunk. Defaults to 1.

        Yields:
            list[_Loaded]: A chunk; unreadable images carry their error.
        """
        for chunk in self._get_chunk_data(inputs, batch_size):
            loaded = []
            for path in chunk:
                try:
                    results = self.loader(dict(img_path=path))
                    image = results['img']  # Resize makes a new array
                    loaded.append(_Loaded(path, image, self.pipeline(results)))
                except (OSError, ValueError) as err:
                    loaded.append(_Loaded(path, error=str(err)))
            yield loaded

    def visualize(self, inputs: List[_Loaded],
                  preds: List[SegDataSample],
                  img_out_dir: str = '') -> None:
        """Draw image | clusters | matched classes into ``img_out_dir``.

        Args:
            inputs (list[_Loaded]): The loaded images of ``preds``.
            preds (list[SegDataSample]): Their predictions.
            img_out_dir (str): Where ``{stem}.png`` is written; nothing is
                drawn when empty. Defaults to ''.
        """
        if not img_out_dir:
            return
        for item, pred in zip(inputs, preds):
            stem = Path(item.path).stem
            self.visualizer.add_datasample(
                stem, item.image[..., ::-1], pred, draw_gt=False,
                out_file=osp.join(img_out_dir, f'{stem}.png'))

    def postprocess(self, inputs: List[_Loaded],
                    preds: List[SegDataSample],
                    pred_out_dir: str = '') -> List[InferResult]:
        """Cluster maps of a chunk, written to ``pred_out_dir`` if given.

        Args:
            inputs (list[_Loaded]): The chunk, unreadable images included.
            preds (list[SegDataSample]): Predictions of its readable images,
                in order.
            pred_out_dir (str): Where ``{stem}.png`` (cluster ids) is
                written; nothing is written when empty. Defaults to ''.

        Returns:
            list[InferResult]: One result per image of the chunk.
        """
        results, remaining = [], iter(preds)
        for item in inputs:
            if item.error is not None:
                results.append(InferResult(item.path, error=item.error))
                continue
            clusters = next(remaining).pred_sem_seg.data[0].cpu().numpy()
            if pred_out_dir:
                dtype = np.uint8 if clusters.max() < 256 else np.uint16
                cv2.imwrite(
                    osp.join(pred_out_dir, f'{Path(item.path).stem}.png'),
                    clusters.astype(dtype))
            results.append(InferResult(item.path, clusters=clusters))
        return results

    def __call__(self,
                 inputs: Union[str, Sequence[str]],
                 out_dir: Optional[str] = None,
                 show_progress: Optional[bool] = None,
                 batch_size: int = 1) -> List[InferResult]:
        """Segment an image, a folder of images or a list of them.

        Unlike ``BaseInferencer.__call__``, which draws after predicting
        every input, each chunk is predicted, drawn and written before the
        next one is loaded, so memory does not grow with the inputs.

        Args:
            inputs (str | Sequence[str]): Images or folders.
            out_dir (str, optional): Where to write ``labels/`` and
                ``vis/``. Defaults to None (nothing written).
            show_progress (bool, optional): Show a progress bar. None uses
                the constructor's choice. Defaults to None.
            batch_size (int): Images per forward pass. Defaults to 1.

        Returns:
            list[InferResult]: One result per image, in input order.
        """
        paths = list_images(inputs)
        pred_dir = img_dir = ''
        if out_dir is not None:
            pred_dir = osp.join(out_dir, 'labels')
            img_dir = osp.join(out_dir, 'vis')
            mkdir_or_exist(pred_dir)
            mkdir_or_exist(img_dir)
        if show_progress is None:
            show_progress = self.show_progress
        progress = ProgressBar(len(paths)) if show_progress else None
        results = []
        for chunk in self.preprocess(paths, batch_size):
            loaded = [item for item in chunk if item.error is None]
            preds = (self.forward(self.collate_fn(
                [item.data for item in loaded])) if loaded else [])
            self.visualize(loaded, preds, img_dir)
            results += self.postprocess(chunk, preds, pred_dir)
            if progress is not None:
                for _ in chunk:
                    progress.update()
        if progress is not None:
            print()
        failed = [r for r in results if r.error is not None]
        if failed:
            print_log(
                f'{len(failed)} of {len(paths)} images were skipped:\n' +
                '\n'.join(f'  {r.path}: {r.error}' for r in failed),
                logger='current')
        return results

    def close(self) -> None:
        """Stop DenseCRF workers, if any."""
        crf = getattr(self.model, 'crf', None)
        if crf is not None:
            crf.close()
