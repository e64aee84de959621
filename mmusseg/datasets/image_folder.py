"""Any folder of images, with optional labels: the custom-data path."""
from pathlib import Path
from typing import List, Optional, Sequence, Union

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .label_mapping import build_label_lut
from .layout import DOCS, list_files, require_dir
from .palette import make_palette

IMG_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')


def _read_classes(classes: Union[str, Sequence[str], None]) -> tuple:
    if classes is None:
        return ()
    if isinstance(classes, str):
        path = Path(classes)
        if not path.is_file():
            raise FileNotFoundError(f'Class list {path} not found; give a '
                                    f'text file with one name per line.')
        return tuple(ln.strip() for ln in path.read_text().splitlines()
                     if ln.strip())
    return tuple(classes)


@DATASETS.register_module()
class ImageFolderDataset(BaseSegDataset):
    """Every image under a folder (recursive), optionally with labels.

    Unlabelled images are enough to train an unsupervised segmenter. To
    evaluate, give ``ann_dir``, a parallel tree of single-channel PNGs
    (``img_dir/a/b/x.jpg`` -> ``ann_dir/a/b/x.png``) holding class ids
    ``0..C-1`` and 255 for ignore, and the class names.

    Args:
        data_root (str): Root folder.
        img_dir (str): Image folder relative to ``data_root``.
            Defaults to ``''``.
        ann_dir (str, optional): Label folder relative to ``data_root``.
            Defaults to None (unlabelled).
        classes (str | Sequence[str], optional): Class names, or a text file
            with one per line. Required with ``ann_dir``. Defaults to None.
        img_suffixes (Sequence[str]): Image extensions, case-insensitive.
            Defaults to common formats.
        **kwargs: Other :class:`mmseg.datasets.BaseSegDataset` arguments.
    """

    METAINFO = dict(classes=(), palette=[])

    def __init__(self,
                 data_root: str,
                 img_dir: str = '',
                 ann_dir: Optional[str] = None,
                 classes: Union[str, Sequence[str], None] = None,
                 img_suffixes: Sequence[str] = IMG_SUFFIXES,
                 **kwargs) -> None:
        names = _read_classes(classes)
        if ann_dir is not None and not names:
            raise ValueError('ImageFolderDataset with ann_dir needs `classes` '
                             '(a list of names or a text file) so that the '
                             'metric can name and count them.')
        if len(names) > 255:
            raise ValueError('ImageFolderDataset supports at most 255 '
                             'classes in 8-bit label PNGs.')
        self.img_dir = img_dir
        self.ann_dir = ann_dir
        self.img_suffixes = tuple(img_suffixes)
        self.label_lut = build_label_lut({i: i for i in range(len(names))})
        metainfo = dict(kwargs.pop('metainfo', None) or {})
        if names:
            metainfo.setdefault('classes', names)
            metainfo.setdefault('palette', make_palette(len(names)))
        super().__init__(data_root=data_root, metainfo=metainfo, **kwargs)

    @classmethod
    def get_label_map(cls, new_classes=None) -> None:
        """No mmseg class remapping: the classes are whatever the user
        names, and labels are mapped by ``label_lut``."""
        return None

    def load_data_list(self) -> List[dict]:
        """List the images and, when labelled, their label PNGs."""
        img_root = Path(self.data_root) / self.img_dir
        require_dir(img_root, 'Image folder', 'image-folder-custom-data')
        images = list_files(img_root, self.img_suffixes)
        if not images:
            raise FileNotFoundError(
                f'No images with suffixes {self.img_suffixes} under '
                f'{img_root}; see {DOCS}#image-folder-custom-data.')
        ann_root = (Path(self.data_root) / self.ann_dir
                    if self.ann_dir is not None else None)
        if ann_root is not None:
            require_dir(ann_root, 'Label folder', 'image-folder-custom-data')
        data_list, missing = [], []
        for img in images:
            label = None
            if ann_root is not None:
                label = (ann_root / img.relative_to(img_root)).with_suffix(
                    '.png')
                if not label.is_file():
                    missing.append(str(label))
            data_list.append(
                dict(
                    img_path=str(img),
                    seg_map_path=str(label) if label else None,
                    label_lut=self.label_lut,
                    seg_fields=[],
                    reduce_zero_label=False))
        if missing:
            raise FileNotFoundError(
                f'{len(missing)} of {len(images)} images have no label PNG, '
                f'e.g. {missing[:3]}; every image under {img_root} needs '
                f'one at the same relative path under {ann_root}.')
        return data_list
