"""Build an ImageNet-S tree from an ImageNet-1k copy and the release's lists.

    python tools/dataset_converters/prepare_imagenet_s.py \\
        IMAGENET RELEASE_DATA data/ImageNetS --subset 50

IMAGENET is an ImageNet-1k folder with ``train/WNID/*.JPEG`` and ``val``
(in class folders ``val/WNID/*.JPEG``, or flat). RELEASE_DATA is the
``data/`` folder of the ImageNet-S release (LUSSeg/ImageNet-S), whose
lists say what goes where, as its ``datapreparation/`` scripts read them:

- ``categories/ImageNetS_categories_im{N}.txt``: the WordNet ids of the
  subset, one a line. ``train/WNID/`` receives every ImageNet training
  image of that class; on ImageNet-S-919 five ImageNet classes are merged
  into others (:data:`MERGED_CLASSES`), and ``train-full`` is a link to
  the whole ImageNet-1k train folder (the reference PASS pretrains S919 on
  it).
- ``mapping/ImageNetS_im{N}_mapping_{validation,test}.txt``: two columns,
  the image under ImageNet's ``val/`` and its place in the split.
- ``names/ImageNetSemi_im{N}_train.txt``: two columns, a ``train-semi``
  image and its mask; the image comes from ImageNet's train folder of the
  class its file name starts with.

Images are linked (``--copy``: copied; ``train-full`` is always a link).
Masks (``validation-segmentation``, ``train-semi-segmentation``) come from
the release's annotation archive: unpack them into the same folder. The
tree is then checked and every missing piece is named; the exit status is
1 when anything is missing.
"""
import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from dataset_check import report
from mmengine.utils import ProgressBar

from mmusseg.datasets.layout import IMAGENET_S_LABELLED, IMAGENET_S_SPLITS

#: ImageNet classes whose training images ImageNet-S-919 files under
#: another class (source -> target), as the release's
#: ``datapreparation/datapreparation_train.py`` does.
MERGED_CLASSES = {
    'n04356056': 'n04355933',
    'n04493381': 'n02808440',
    'n03642806': 'n03832673',
    'n04008634': 'n03773504',
    'n03887697': 'n15075141',
}


def read_lines(path: Path) -> List[str]:
    """Non-empty stripped lines of ``path``."""
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip()]


def train_entries(imagenet: Path, wnids: List[str],
                  subset: int) -> Tuple[List[Tuple[Path, str]], List[str]]:
    """(source, ``WNID/FILE``) of every training image, and the missing
    class folders."""
    sources = {wnid: [wnid] for wnid in wnids}
    if subset == 919:
        for source, target in MERGED_CLASSES.items():
            if target in sources:
                sources[target].append(source)
    entries, missing = [], []
    for wnid, folders in sources.items():
        for folder in folders:
            folder = imagenet / 'train' / folder
            if not folder.is_dir():
                missing.append(str(folder))
                continue
            entries += [(path, f'{wnid}/{path.name}')
                        for path in sorted(folder.iterdir())
                        if path.is_file()]
    return entries, missing


def val_source(imagenet: Path, entry: str,
               flat: Dict[str, Path]) -> Path:
    """ImageNet's copy of ``val/WNID/FILE``, in class folders or flat."""
    path = imagenet / 'val' / entry
    return path if path.is_file() else flat.get(Path(entry).name, path)


def place(entries: List[Tuple[Path, str]], out: Path,
          copy: bool) -> Tuple[int, List[str]]:
    """Link or copy every (source, target) pair under ``out``; returns
    (placed, missing sources)."""
    placed, missing = 0, []
    progress = ProgressBar(len(entries)) if entries else None
    for source, target in entries:
        target = out / target
        if not source.is_file():
            missing.append(str(source))
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            if copy:
                shutil.copy2(source, target)
            else:
                os.symlink(source.resolve(), target)
            placed += 1
        if progress is not None:
            progress.update()
    print()
    return placed, missing


def check_tree(root: Path, subset: int) -> List[str]:
    """Problems of ``root/ImageNetS{subset}``: a missing split, or a
    labelled split's image without its mask."""
    base = root / f'ImageNetS{subset}'
    problems = []
    for split in IMAGENET_S_SPLITS:
        images = base / split
        if split == 'train-full' and subset != 919:
            continue
        if not images.is_dir():
            problems.append(f'{images} is missing')
            continue
        if split not in IMAGENET_S_LABELLED:
            continue
        masks = base / f'{split}-segmentation'
        unmasked = [
            p for p in sorted(images.rglob('*')) if p.is_file()
            and not (masks / p.parent.name / f'{p.stem}.png').is_file()]
        if unmasked:
            problems.append(
                f'{len(unmasked)} {split} image(s) have no mask in {masks} '
                f'(e.g. {unmasked[0].parent.name}/{unmasked[0].stem}.png): '
                f'unpack the ImageNet-S annotation archive there')
    return problems


def split_entries(imagenet: Path, release: Path, subset: int
                  ) -> Tuple[Dict[str, List[Tuple[Path, str]]], List[str]]:
    """(source, target) pairs of every split from the release's lists,
    and the problems met (missing lists or class folders)."""
    problems = []
    lists = dict(
        categories=release / 'categories' /
        f'ImageNetS_categories_im{subset}.txt',
        validation=release / 'mapping' /
        f'ImageNetS_im{subset}_mapping_validation.txt',
        test=release / 'mapping' / f'ImageNetS_im{subset}_mapping_test.txt',
        semi=release / 'names' / f'ImageNetSemi_im{subset}_train.txt')
    for name, path in lists.items():
        if not path.is_file():
            problems.append(f'no {name} list: {path}')
    splits = {}
    if lists['categories'].is_file():
        splits['train'], folders = train_entries(
            imagenet, read_lines(lists['categories']), subset)
        problems += [f'no ImageNet class folder {f}' for f in folders]
    flat = {p.name: p for p in (imagenet / 'val').rglob('*')
            if p.is_file()} if (imagenet / 'val').is_dir() else {}
    for split in ('validation', 'test'):
        if lists[split].is_file():
            splits[split] = [
                (val_source(imagenet, src, flat), dst)
                for src, dst in (line.split()[:2]
                                 for line in read_lines(lists[split]))]
    if lists['semi'].is_file():
        splits['train-semi'] = [
            (imagenet / 'train' / Path(image).name.split('_')[0] /
             Path(image).name, image)
            for image in (line.split()[0]
                          for line in read_lines(lists['semi']))]
    return splits, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('imagenet', type=Path, help='ImageNet-1k folder')
    parser.add_argument('release', type=Path,
                        help="the ImageNet-S release's data/ folder "
                        '(categories/, mapping/, names/)')
    parser.add_argument('data_root', type=Path, help='e.g. data/ImageNetS')
    parser.add_argument('--subset', type=int, choices=(50, 300, 919),
                        default=50)
    parser.add_argument('--copy', action='store_true',
                        help='copy images instead of symlinking them')
    args = parser.parse_args()
    base = args.data_root / f'ImageNetS{args.subset}'
    splits, problems = split_entries(args.imagenet, args.release,
                                     args.subset)
    for split, entries in splits.items():
        print(f'{split}: {len(entries)} images')
        placed, missing = place(entries, base / split, args.copy)
        print(f'{split}: {placed} placed, '
              f'{len(entries) - placed - len(missing)} already there, '
              f'{len(missing)} missing')
        if missing:
            problems.append(f'{len(missing)} {split} image(s) are not in '
                            f'{args.imagenet}, e.g. {missing[:3]}')
    if args.subset == 919 and not (base / 'train-full').exists():
        base.mkdir(parents=True, exist_ok=True)
        os.symlink((args.imagenet / 'train').resolve(), base / 'train-full')
    problems += check_tree(args.data_root, args.subset)
    return report(f'ImageNet-S-{args.subset}', args.data_root, problems)


if __name__ == '__main__':
    sys.exit(main())
