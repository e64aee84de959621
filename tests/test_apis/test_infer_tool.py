"""tools/infer.py on a folder with a grayscale and a corrupt image."""
import subprocess
from pathlib import Path

import cv2
import mmengine.fileio
import numpy as np
import pytest
from mmengine.config import Config

from helpers.runs import (REPO_ROOT, dump_config, run_tool, shrink_config,
                          tool_command)
from mmusseg.apis import ClusterInferencer

SMALL = dict(num_train=16, num_val=4, img_size=(64, 64))


@pytest.fixture(scope='module')
def model(tmp_path_factory):
    """A fitted k-means model, its config and its Hungarian matching."""
    tmp = tmp_path_factory.mktemp('infer')
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/kmeans/kmeans_r18_synthetic.py'))
    shrink_config(cfg, str(tmp / 'work'), data_root=str(tmp / 'data'),
                  batch_size=8, dataset_overrides=SMALL)
    cfg.custom_hooks[0].update(num_init_images=8, images_per_update=8)
    config = dump_config(cfg, tmp / 'kmeans.py')
    run_tool(['tools/train.py', str(config)])
    checkpoint = tmp / 'work' / 'epoch_1.pth'
    run_tool(['tools/test.py', str(config), str(checkpoint), '--out',
              str(tmp / 'eval')])
    return tmp, config, checkpoint, tmp / 'eval' / 'hungarian_matching.json'


def make_folder(root, data):
    images = sorted((data / 'v1_seed0_n16-4_64x64' / 'images' / 'val').glob(
        '*.png'))
    folder = root / 'mine'
    (folder / 'sub').mkdir(parents=True)
    colour = cv2.imread(str(images[0]))
    cv2.imwrite(str(folder / 'colour.jpg'), colour)
    cv2.imwrite(str(folder / 'sub' / 'gray.png'),
                cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY))
    (folder / 'broken.png').write_bytes(b'not an image')
    return folder


def test_infer_tool_writes_labels_and_overlays_and_names_bad_files(
        model, tmp_path):
    root, config, checkpoint, matching = model
    folder = make_folder(tmp_path, root / 'data')
    out = tmp_path / 'out'
    cmd, env = tool_command([
        'tools/infer.py', str(config), str(checkpoint), str(folder),
        '--out-dir', str(out), '--matching', str(matching), '--flip',
        '--device', 'cpu'
    ])
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=600)
    assert proc.returncode == 1, proc.stdout  # one image was skipped
    assert 'broken.png: Cannot read image' in proc.stdout
    assert 'Segmented 2 of 3 images' in proc.stdout
    for stem in ('colour', 'gray'):
        labels = cv2.imread(str(out / 'labels' / f'{stem}.png'),
                            cv2.IMREAD_UNCHANGED)
        assert labels.shape == (64, 64) and labels.max() < 6
        vis = cv2.imread(str(out / 'vis' / f'{stem}.png'))
        assert vis.shape == (64, 3 * 64, 3)  # image | clusters | matched
    assert not (out / 'labels' / 'broken.png').exists()


def test_inferencer_api_with_crf_matches_shapes_and_explains_errors(
        model, tmp_path):
    root, config, checkpoint, _ = model
    folder = make_folder(tmp_path, root / 'data')
    inferencer = ClusterInferencer(str(config), str(checkpoint),
                                   device='cpu', crf=True)
    try:
        results = inferencer(str(folder / 'colour.jpg'), show_progress=False)
    finally:
        inferencer.close()
    assert results[0].error is None
    assert results[0].clusters.shape == (64, 64)
    with pytest.raises(FileNotFoundError, match='neither a file'):
        inferencer(str(tmp_path / 'missing'))
    empty = tmp_path / 'empty'
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match='No images'):
        inferencer(str(empty))
    with pytest.raises(FileNotFoundError, match='not found'):
        ClusterInferencer(str(config), str(tmp_path / 'none.pth'))


def test_inferencer_reads_each_image_once_in_any_batch_size(
        model, tmp_path, monkeypatch):
    root, config, checkpoint, matching = model
    folder = make_folder(tmp_path, root / 'data')
    inferencer = ClusterInferencer(str(config), str(checkpoint),
                                   device='cpu', matching=str(matching),
                                   show_progress=False)
    reads = []
    read = mmengine.fileio.get

    def counting_read(path, *args, **kwargs):
        reads.append(str(path))
        return read(path, *args, **kwargs)

    monkeypatch.setattr(mmengine.fileio, 'get', counting_read)
    runs = [inferencer(str(folder), out_dir=str(tmp_path / f'out{n}'),
                       batch_size=n) for n in (1, 2)]
    images = sorted(str(p) for p in folder.rglob('*.*'))
    assert sorted(reads) == sorted(images * 2)  # once per image and run
    for one, two in zip(*runs):  # [broken, colour] then [gray] with 2
        assert one.path == two.path and (one.error is None) == (
            two.error is None)
        if one.error is None:
            assert np.array_equal(one.clusters, two.clusters)
            assert (tmp_path / 'out2' / 'vis' /
                    f'{Path(one.path).stem}.png').exists()
