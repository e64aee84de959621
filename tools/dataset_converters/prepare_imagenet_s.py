"""Build an ImageNet-S tree from an ImageNet-1k copy and the name lists.

    python tools/dataset_converters/prepare_imagenet_s.py IMAGENET NAMES data/ImageNetS --subset 50

IMAGENET is an ImageNet-1k folder with ``train/WNID/*.JPEG`` and ``val``
(flat, or in class folders); NAMES is the folder of the ImageNet-S
release's name lists, one ``TARGET_WNID/FILE`` per line (e.g.
``n01443537/n01443537_23292.JPEG``). The lists read are
``ImageNetS_im{subset}_{train,validation,test}.txt`` and
``ImageNetSemi_im{subset}_train.txt`` (for ``train-semi``); any that is
absent is skipped and reported, ``--list SPLIT=FILE`` names one
explicitly. Each listed image is linked (``--copy``: copied) to
``data/ImageNetS/ImageNetS{subset}/SPLIT/TARGET_WNID/FILE``; a training
image's source class is the prefix of its file name (merged classes keep
their source folder). Masks (``validation-segmentation``,
``train-semi-segmentation``) come from the release's annotation archive:
unpack them into the same folder. The tree is then checked and every
missing piece is named; the exit status is 1 when anything is missing.
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


def default_lists(names: Path, subset: int) -> Dict[str, Path]:
    """The release's list file of each split."""
    lists = {split: names / f'ImageNetS_im{subset}_{split}.txt'
             for split in ('train', 'validation', 'test')}
    lists['train-semi'] = names / f'ImageNetSemi_im{subset}_train.txt'
    return lists


def index_flat_files(folder: Path) -> Dict[str, Path]:
    """File name -> path for every file under ``folder`` (ImageNet's val
    and test images, flat or in class folders)."""
    if not folder.is_dir():
        return {}
    return {p.name: p for p in folder.rglob('*') if p.is_file()}


def find_source(imagenet: Path, name: str,
                others: Dict[str, Path]) -> Path:
    """Where ImageNet keeps ``name``: ``train/PREFIX/name`` for training
    images (PREFIX = the WordNet id the file name starts with), else any
    val/test file of that name."""
    prefix = name.split('_')[0]
    train = imagenet / 'train' / prefix / name
    return train if train.is_file() else others.get(name, train)


def place(entries: List[str], imagenet: Path, out: Path, copy: bool,
          others: Dict[str, Path]) -> Tuple[int, List[str]]:
    """Link or copy every ``WNID/FILE`` entry; returns (placed, missing)."""
    placed, missing = 0, []
    progress = ProgressBar(len(entries))
    for entry in entries:
        wnid, name = entry.split('/')[-2:]
        source = find_source(imagenet, name, others)
        target = out / wnid / name
        if not source.is_file():
            missing.append(entry)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            if copy:
                shutil.copy2(source, target)
            else:
                os.symlink(source.resolve(), target)
            placed += 1
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
        if not images.is_dir():
            problems.append(f'{images} is missing')
            continue
        if split not in IMAGENET_S_LABELLED:
            continue
        masks = base / f'{split}-segmentation'
        unmasked = [p for p in sorted(images.rglob('*')) if p.is_file()
                    and not (masks / p.parent.name / f'{p.stem}.png').is_file()]
        if unmasked:
            problems.append(
                f'{len(unmasked)} {split} image(s) have no mask in {masks} '
                f'(e.g. {unmasked[0].parent.name}/{unmasked[0].stem}.png): '
                f'unpack the ImageNet-S annotation archive there')
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('imagenet', type=Path, help='ImageNet-1k folder')
    parser.add_argument('names', type=Path,
                        help='folder of the ImageNet-S name lists')
    parser.add_argument('data_root', type=Path, help='e.g. data/ImageNetS')
    parser.add_argument('--subset', type=int, choices=(50, 300, 919),
                        default=50)
    parser.add_argument('--list', action='append', default=[],
                        metavar='SPLIT=FILE',
                        help='use FILE as the list of SPLIT')
    parser.add_argument('--copy', action='store_true',
                        help='copy images instead of symlinking them')
    args = parser.parse_args()
    lists = default_lists(args.names, args.subset)
    for item in args.list:
        split, _, path = item.partition('=')
        if split not in IMAGENET_S_SPLITS or not path:
            parser.error(f'--list takes SPLIT=FILE with SPLIT in '
                         f'{IMAGENET_S_SPLITS}, got {item!r}')
        lists[split] = Path(path)
    others = {**index_flat_files(args.imagenet / 'test'),
              **index_flat_files(args.imagenet / 'val')}
    problems = []
    for split, path in lists.items():
        if not path.is_file():
            problems.append(f'no name list for {split}: {path}')
            continue
        entries = [line.strip() for line in path.read_text().splitlines()
                   if line.strip()]
        out = args.data_root / f'ImageNetS{args.subset}' / split
        print(f'{split}: {len(entries)} images from {path}')
        placed, missing = place(entries, args.imagenet, out, args.copy,
                                others)
        print(f'{split}: {placed} placed, {len(entries) - placed - len(missing)}'
              f' already there, {len(missing)} missing')
        if missing:
            problems.append(
                f'{len(missing)} {split} image(s) of {path.name} are not in '
                f'{args.imagenet}, e.g. {missing[:3]}')
    problems += check_tree(args.data_root, args.subset)
    return report(f'ImageNet-S-{args.subset}', args.data_root, problems)


if __name__ == '__main__':
    sys.exit(main())
