"""Run a trained mmusseg model on your own images."""
import json
import os.path as osp
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Union

import cv2
import numpy as np
import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.logging import print_log
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint
from mmengine.utils import ProgressBar, mkdir_or_exist
from mmseg.registry import DATASETS, MODELS

from mmusseg.datasets.palette import make_palette
from mmusseg.datasets.transforms.loading import read_unchanged, to_bgr_uint8
from mmusseg.visualization import ClusterSegLocalVisualizer

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')


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


def list_images(inputs: Union[str, Sequence[str]]) -> List[str]:
    """Expand an image path, a folder (recursively) or a list of them."""
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    images = []
    for path in map(str, paths):
        if osp.isdir(path):
            found = sorted(
                str(p) for p in Path(path).rglob('*')
                if p.suffix.lower() in IMAGE_SUFFIXES)
            if not found:
                raise FileNotFoundError(
                    f'No images ({", ".join(IMAGE_SUFFIXES)}) under {path}.')
            images += found
        elif osp.isfile(path):
            images.append(path)
        else:
            raise FileNotFoundError(f'{path} is neither a file nor a folder.')
    return images


class ClusterInferencer:
    """Segment images with a config and a checkpoint of any mmusseg model.

    Each image is loaded like the datasets do (grayscale, RGBA and 16-bit
    images are converted), resized so that its shorter side is ``scale``
    (no crop: the whole image is segmented), segmented with the model's
    test-time path (optional flip averaging and DenseCRF) and the
    prediction is resized back to the original resolution.

    With ``out_dir``, every image gets ``{out_dir}/labels/{stem}.png`` (the
    cluster ids; 16-bit when K > 255) and ``{out_dir}/vis/{stem}.png``
    (image | clusters | matched classes, drawn by
    :class:`ClusterSegLocalVisualizer`). An image that cannot be read is
    reported by name and skipped; the others are still processed.

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
    """

    def __init__(self,
                 config: Union[str, Config],
                 checkpoint: str,
                 device: Optional[str] = None,
                 scale: Optional[int] = None,
                 flip: bool = False,
                 crf: bool = False,
                 crf_workers: int = 0,
                 matching: Optional[str] = None) -> None:
        cfg = Config.fromfile(config) if isinstance(config, str) else config
        init_default_scope(cfg.get('default_scope', 'mmseg'))
        self.device = device or ('cuda'
                                 if torch.cuda.is_available() else 'cpu')
        self.model = self._build_model(cfg, checkpoint, flip, crf,
                                       crf_workers)
        if scale is None:
            scale = cfg.get('crop_size')
        self.pipeline = Compose(self._pipeline(scale))
        self.visualizer = ClusterSegLocalVisualizer(
            name=f'mmusseg_inferencer_{id(self)}', alpha=0.6)
        classes, palette, cluster_to_class = self._class_info(cfg, matching)
        if classes is not None:
            self.visualizer.set_dataset_meta(classes=classes,
                                             palette=palette)
        if cluster_to_class is not None:
            self.visualizer.set_matching(cluster_to_class)

    def _build_model(self, cfg: Config, checkpoint: str, flip: bool,
                     crf: bool, crf_workers: int) -> torch.nn.Module:
        model_cfg = cfg.model.copy()
        test_cfg = dict(model_cfg.get('test_cfg') or {})
        test_cfg['flip'] = flip
        test_cfg['crf'] = (dict(type='DenseCRF', num_workers=crf_workers)
                           if crf else None)
        model_cfg['test_cfg'] = test_cfg
        model = MODELS.build(model_cfg)
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'Checkpoint {checkpoint} not found.')
        load_checkpoint(model, checkpoint, map_location='cpu',
                        logger='silent')
        heads = getattr(model, 'cluster_heads', {})
        unfitted = [name for name, head in heads.items()
                    if not bool(head.fitted)]
        if 'cluster_head' in unfitted:
            raise ValueError(
                f'{checkpoint} has no fitted centroids for cluster_head; '
                f'use a checkpoint saved after a ClusteringHook fit.')
        return model.to(self.device).eval()

    @staticmethod
    def _pipeline(scale: Optional[int]) -> list:
        steps = [dict(type='LoadAnyImageFromFile')]
        if scale is not None:
            # shorter side -> scale; the longer side is not limited
            steps.append(dict(type='Resize', scale=(100 * scale, scale),
                              keep_ratio=True))
        steps.append(dict(type='PackSegInputs'))
        return steps

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

    def __call__(self,
                 inputs: Union[str, Sequence[str]],
                 out_dir: Optional[str] = None,
                 show_progress: bool = True) -> List[InferResult]:
        """Segment an image, a folder of images or a list of them.

        Args:
            inputs (str | Sequence[str]): Images or folders.
            out_dir (str, optional): Where to write label PNGs and
                visualisations. Defaults to None (nothing written).
            show_progress (bool): Show a progress bar. Defaults to True.

        Returns:
            list[InferResult]: One result per image, in input order.
        """
        paths = list_images(inputs)
        if out_dir is not None:
            for sub in ('labels', 'vis'):
                mkdir_or_exist(osp.join(out_dir, sub))
        progress = ProgressBar(len(paths)) if show_progress else None
        results = []
        for path in paths:
            results.append(self._infer_one(path, out_dir))
            if progress is not None:
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

    @torch.no_grad()
    def _infer_one(self, path: str, out_dir: Optional[str]) -> InferResult:
        try:
            data = self.pipeline(dict(img_path=path))
        except (OSError, ValueError) as err:
            return InferResult(path, error=str(err))
        batch = self.model.data_preprocessor(pseudo_collate([data]), False)
        sample = self.model.predict(batch['inputs'],
                                    batch['data_samples'])[0]
        clusters = sample.pred_sem_seg.data[0].cpu().numpy()
        if out_dir is not None:
            stem = Path(path).stem
            dtype = np.uint8 if clusters.max() < 256 else np.uint16
            cv2.imwrite(osp.join(out_dir, 'labels', f'{stem}.png'),
                        clusters.astype(dtype))
            image = cv2.cvtColor(
                to_bgr_uint8(read_unchanged(path)), cv2.COLOR_BGR2RGB)
            self.visualizer.add_datasample(
                stem, image, sample, draw_gt=False,
                out_file=osp.join(out_dir, 'vis', f'{stem}.png'))
        return InferResult(path, clusters=clusters)

    def close(self) -> None:
        """Stop DenseCRF workers, if any."""
        crf = getattr(self.model, 'crf', None)
        if crf is not None:
            crf.close()
