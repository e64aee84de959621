"""Knowledge of the on-disk dataset layouts, shared by datasets and tools."""
from pathlib import Path
from typing import List, Sequence

DOCS = 'docs/dataset_prepare.md'

COCO_SPLITS = ('train2017', 'val2017')
COCO_CURATED = 'Coco164kFull_Stuff_Coarse_7.txt'
CITYSCAPES_SPLITS = ('train', 'val', 'test', 'train_extra')
CITYSCAPES_LABELLED = ('train', 'val')
IMAGENET_S_SUBSETS = (50, 300, 919)
# train-full: ImageNet-S-919's link to all of ImageNet-1k train
IMAGENET_S_SPLITS = ('train', 'train-full', 'train-semi', 'validation',
                     'test')
IMAGENET_S_LABELLED = ('train-semi', 'validation')
IMAGENET_S_IGNORE = 1000


def require_dir(path: Path, what: str, anchor: str) -> None:
    """Raise ``FileNotFoundError`` pointing at the docs if ``path`` is absent.

    Args:
        path (Path): The directory that must exist.
        what (str): What it should hold, for the message.
        anchor (str): Section of ``docs/dataset_prepare.md``.
    """
    if not path.is_dir():
        raise FileNotFoundError(
            f'{what} not found: {path} does not exist. See '
            f'{DOCS}#{anchor} for the expected layout (or run the checker in '
            f'tools/dataset_converters/).')


def list_files(root: Path, suffixes: Sequence[str]) -> List[Path]:
    """Sorted files under ``root`` (recursive) with one of ``suffixes``."""
    suffixes = tuple(s.lower() for s in suffixes)
    return sorted(p for p in root.rglob('*')
                  if p.is_file() and p.suffix.lower() in suffixes)


def read_id_list(path: Path) -> List[str]:
    """Image ids of a curated list: one per line, extension optional."""
    return [Path(line.strip()).stem for line in path.read_text().splitlines()
            if line.strip()]


def check_coco_stuff(root: Path) -> List[str]:
    """Describe what is missing from a COCO-Stuff-27 tree (empty if OK)."""
    problems = []
    for split in COCO_SPLITS:
        img_dir = root / 'images' / split
        ann_dir = root / 'annotations' / split
        for folder in (img_dir, ann_dir):
            if not folder.is_dir():
                problems.append(f'missing folder {folder} '
                                f'(see {DOCS}#coco-stuff-27)')
        if not (img_dir.is_dir() and ann_dir.is_dir()):
            continue
        images = {p.stem for p in img_dir.glob('*.jpg')}
        labels = {p.stem for p in ann_dir.glob('*.png')}
        if not images:
            problems.append(f'no .jpg images in {img_dir}')
        if images - labels:
            problems.append(f'{len(images - labels)} images in {img_dir} have '
                            f'no label in {ann_dir}, e.g. '
                            f'{sorted(images - labels)[:3]}')
        if labels - images:
            problems.append(f'{len(labels - images)} labels in {ann_dir} have '
                            f'no image, e.g. {sorted(labels - images)[:3]}')
        curated = root / 'curated' / split / COCO_CURATED
        if not curated.is_file():
            problems.append(f'missing curated list {curated} (see '
                            f'{DOCS}#coco-stuff-27)')
        else:
            missing = [i for i in read_id_list(curated) if i not in images]
            if missing:
                problems.append(f'{len(missing)} images named in {curated} '
                                f'are missing from {img_dir}, e.g. '
                                f'{missing[:3]}')
    return problems


def check_cityscapes(root: Path) -> List[str]:
    """Describe what is missing from a Cityscapes tree (empty if OK)."""
    problems = []
    for split in CITYSCAPES_SPLITS:
        img_dir = root / 'leftImg8bit' / split
        if not img_dir.is_dir():
            problems.append(f'missing folder {img_dir} (see '
                            f'{DOCS}#cityscapes-27)')
            continue
        images = {p.name[:-len('_leftImg8bit.png')]
                  for p in img_dir.glob('*/*_leftImg8bit.png')}
        if not images:
            problems.append(f'no */*_leftImg8bit.png images in {img_dir}')
        if split not in CITYSCAPES_LABELLED:
            continue
        ann_dir = root / 'gtFine' / split
        if not ann_dir.is_dir():
            problems.append(f'missing folder {ann_dir} (see '
                            f'{DOCS}#cityscapes-27)')
            continue
        labels = {p.name[:-len('_gtFine_labelIds.png')]
                  for p in ann_dir.glob('*/*_gtFine_labelIds.png')}
        if images - labels:
            problems.append(f'{len(images - labels)} images in {img_dir} have '
                            f'no *_gtFine_labelIds.png in {ann_dir}, e.g. '
                            f'{sorted(images - labels)[:3]}')
    return problems
