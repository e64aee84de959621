"""Loading that accepts every image users have and validates labels."""
import warnings
from typing import Optional

import cv2
import mmengine.fileio as fileio
import numpy as np
from mmcv.transforms import BaseTransform, LoadImageFromFile
from mmseg.registry import TRANSFORMS

LAYOUT_DOCS = 'docs/dataset_prepare.md'


def read_unchanged(path: str, backend_args: Optional[dict] = None):
    """Decode ``path`` with OpenCV keeping depth and channels, or None."""
    buffer = np.frombuffer(fileio.get(path, backend_args=backend_args),
                           np.uint8)
    if buffer.size == 0:
        return None
    return cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)


@TRANSFORMS.register_module()
class LoadAnyImageFromFile(LoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` that names or skips unreadable files.

    Decoding is mmcv's (``color_type='color'`` by default): grayscale,
    palette and RGBA images become 3-channel BGR and 16-bit images 8-bit.
    A file that cannot be read or decoded raises an ``OSError`` naming it
    and the fix, unless ``skip_bad_images`` is set: then a warning names it
    and the transform returns None, which makes mmengine's dataset fetch
    another sample during training.

    Added keys: ``img``, ``img_shape``, ``ori_shape``.

    Args:
        skip_bad_images (bool): Warn and skip unreadable files instead of
            failing. Defaults to False.
        **kwargs: ``LoadImageFromFile`` arguments (``to_float32``,
            ``color_type``, ``imdecode_backend``, ``backend_args``...).
    """

    def __init__(self, skip_bad_images: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.skip_bad_images = skip_bad_images

    def transform(self, results: dict) -> Optional[dict]:
        """Load ``results['img_path']``."""
        try:
            return super().transform(results)
        # mmcv asserts on an undecodable file; OpenCV and PIL raise
        except (OSError, AssertionError, ValueError, cv2.error) as err:
            reason = str(err) or type(err).__name__
        message = (f'Cannot read image {results["img_path"]}: {reason}. '
                   f'Re-encode or delete it, or set skip_bad_images=True in '
                   f'LoadAnyImageFromFile to skip such files.')
        if self.skip_bad_images:
            warnings.warn(message + ' Skipping it.', stacklevel=2)
            return None
        raise OSError(message)

    def __repr__(self) -> str:
        return (f'{super().__repr__()[:-1]}, '
                f'skip_bad_images={self.skip_bad_images})')


@TRANSFORMS.register_module()
class LoadMappedAnnotations(BaseTransform):
    """Load a label PNG and map its raw ids to train ids through a LUT.

    Every mmusseg dataset puts ``label_lut`` in its samples: a 1-D array
    indexed by raw label value, holding the class id, 255 (ignore) or -1
    (not part of the label space). A raw id outside the mapping raises an
    error that names the file and the ids. Samples without
    ``seg_map_path`` (unlabelled data) pass through unchanged.

    Added keys: ``gt_seg_map`` (uint8, 255 = ignore), ``seg_fields``.

    Args:
        backend_args (dict, optional): mmengine file backend arguments.
            Defaults to None.
    """

    def __init__(self, backend_args: Optional[dict] = None) -> None:
        self.backend_args = backend_args

    def transform(self, results: dict) -> dict:
        """Load and map ``results['seg_map_path']``."""
        path = results.get('seg_map_path')
        if path is None:
            return results
        raw = read_unchanged(path, self.backend_args)
        if raw is None:
            raise OSError(f'Cannot read label map {path}; re-export it as a '
                          f'single-channel PNG (see {LAYOUT_DOCS}).')
        if raw.ndim != 2:
            raise ValueError(
                f'Label map {path} has {raw.shape[2]} channels; labels must '
                f'be single-channel PNGs of class ids (see {LAYOUT_DOCS}).')
        lut = results['label_lut']
        raw = raw.astype(np.int64)
        outside = raw >= len(lut)
        mapped = lut[np.where(outside, 0, raw)]
        bad = outside | (mapped < 0)
        if bad.any():
            ids = np.unique(raw[bad])
            valid = np.flatnonzero(lut >= 0)
            raise ValueError(
                f'Label map {path} contains ids {ids[:20].tolist()}'
                f'{" ..." if len(ids) > 20 else ""} that are not in the '
                f"dataset's label mapping (valid raw ids: {valid.min()}.."
                f'{valid.max()}, {len(valid)} values). Check that the '
                f'annotations belong to this dataset (see {LAYOUT_DOCS}).')
        results['gt_seg_map'] = mapped.astype(np.uint8)
        results.setdefault('seg_fields', []).append('gt_seg_map')
        return results
