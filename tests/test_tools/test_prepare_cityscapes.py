"""prepare_cityscapes.py unpacks the official archives and checks the tree."""
import subprocess
import zipfile

from helpers.runs import REPO_ROOT, tool_command
from mmusseg.testing.fake_trees import make_fake_cityscapes


def zip_tree(tree, archive, prefix, splits):
    with zipfile.ZipFile(archive, 'w') as zf:
        zf.writestr('README', 'not extracted')
        for split in splits:
            for path in sorted((tree / prefix / split).rglob('*.png')):
                zf.write(path, path.relative_to(tree).as_posix())


def run(*args):
    cmd, env = tool_command(
        ['tools/dataset_converters/prepare_cityscapes.py', *map(str, args)])
    return subprocess.run(cmd, cwd=REPO_ROOT, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_unpacks_the_archives_into_a_complete_tree(tmp_path):
    tree = make_fake_cityscapes(tmp_path / 'source')
    downloads = tmp_path / 'downloads'
    downloads.mkdir()
    zip_tree(tree, downloads / 'leftImg8bit_trainvaltest.zip', 'leftImg8bit',
             ('train', 'val', 'test'))
    zip_tree(tree, downloads / 'gtFine_trainvaltest.zip', 'gtFine',
             ('train', 'val'))
    out = tmp_path / 'cityscapes'
    proc = run(downloads, out)
    # train_extra is missing: named, and the tree is not ready
    assert proc.returncode == 1
    assert 'missing archive' in proc.stdout
    assert 'leftImg8bit_trainextra.zip' in proc.stdout
    assert f'missing folder {out / "leftImg8bit" / "train_extra"}' in \
        proc.stdout
    zip_tree(tree, downloads / 'leftImg8bit_trainextra.zip', 'leftImg8bit',
             ('train_extra', ))
    proc = run(downloads, out)
    assert proc.returncode == 0, proc.stdout
    assert 'is complete' in proc.stdout
    assert 'leftImg8bit_trainvaltest.zip: 0 files extracted' in proc.stdout
    assert not (out / 'README').exists()
    extracted = sorted(p.relative_to(out) for p in out.rglob('*.png'))
    assert extracted == sorted(
        p.relative_to(tree) for p in tree.rglob('*.png'))
