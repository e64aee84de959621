"""Unpack the official Cityscapes archives into the Cityscapes-27 layout.

    python tools/dataset_converters/prepare_cityscapes.py DOWNLOADS \\
        data/cityscapes

DOWNLOADS holds the archives from cityscapes-dataset.com:
``leftImg8bit_trainvaltest.zip`` and ``gtFine_trainvaltest.zip`` (both
protocols) and ``leftImg8bit_trainextra.zip`` (PiCIE's protocol trains on
``train_extra``). Only what Cityscapes-27 reads is extracted:
``leftImg8bit/**/*_leftImg8bit.png`` and ``gtFine/**/*_gtFine_labelIds.png``;
files already there are kept. The tree is then checked like
``check_cityscapes.py`` does, and every missing piece is named. Exits with
status 1 when the tree is not ready.
"""
import argparse
import sys
import zipfile
from pathlib import Path

from dataset_check import report
from mmengine.utils import ProgressBar

from mmusseg.datasets.layout import check_cityscapes

ARCHIVES = {
    'leftImg8bit_trainvaltest.zip': 'images of train, val and test',
    'gtFine_trainvaltest.zip': 'fine labels of train and val',
    'leftImg8bit_trainextra.zip': 'images of train_extra (PiCIE protocol)',
}
WANTED = ('_leftImg8bit.png', '_gtFine_labelIds.png')


def extract(archive: Path, out: Path) -> int:
    """Extract the wanted members of one archive; returns how many."""
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.namelist() if m.endswith(WANTED)]
        if not members:
            raise ValueError(f'{archive} holds no *{WANTED[0]} or '
                             f'*{WANTED[1]} files; is it a Cityscapes '
                             f'archive?')
        progress = ProgressBar(len(members))
        written = 0
        for member in members:
            target = out / member
            if not target.exists():
                zf.extract(member, out)
                written += 1
            progress.update()
        print()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('downloads', type=Path,
                        help='folder with the official .zip archives')
    parser.add_argument('data_root', type=Path, help='e.g. data/cityscapes')
    args = parser.parse_args()
    problems = []
    for name, what in ARCHIVES.items():
        archive = args.downloads / name
        if not archive.is_file():
            problems.append(f'missing archive {archive} ({what})')
            continue
        try:
            written = extract(archive, args.data_root)
        except (zipfile.BadZipFile, ValueError) as err:
            problems.append(f'{archive}: {err}')
            continue
        print(f'{name}: {written} files extracted into {args.data_root}')
    problems += check_cityscapes(args.data_root)
    return report('Cityscapes-27', args.data_root, problems)


if __name__ == '__main__':
    sys.exit(main())
