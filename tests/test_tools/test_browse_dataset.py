"""browse_dataset.py draws samples, labels and PiCIE's replayed views."""
import cv2

from helpers.runs import REPO_ROOT, run_tool

SMALL = ['num_train=6', 'num_val=2', 'img_size=(64,64)']


def options(loader, data_root):
    return [f'{loader}.dataset.data_root={data_root}'] + [
        f'{loader}.dataset.{kv}' for kv in SMALL
    ]


def test_picie_rows_show_both_views_and_the_replayed_transform(tmp_path):
    out = run_tool([
        'tools/misc/browse_dataset.py',
        str(REPO_ROOT / 'configs/picie/picie_r18_fpn_synthetic.py'),
        '--output-dir', str(tmp_path / 'train'), '--num', '3', '--epoch',
        '2', '--cfg-options', *options('train_dataloader', tmp_path / 'd')
    ])
    assert 'Wrote 3 rows' in out
    rows = sorted((tmp_path / 'train').glob('*.png'))
    assert len(rows) == 3
    row = cv2.imread(str(rows[0]))
    assert row.shape == (64, 4 * 64, 3)  # image | view 1 | view 2 | G(view 2)
    view1, replayed = row[:, 64:128].astype(int), row[:, 192:].astype(int)
    view2 = row[:, 128:192].astype(int)
    # G replayed on view 2 is aligned with view 1: its per-pixel difference
    # to view 1 (jitter only) is smaller than view 2's (jitter + geometry)
    # once both are normalised for the global jitter
    def edges(x):
        return cv2.Laplacian(x.mean(-1).astype('float32'), cv2.CV_32F)
    aligned = abs(edges(view1) - edges(replayed)).mean()
    unaligned = abs(edges(view1) - edges(view2)).mean()
    assert aligned < unaligned


def test_labelled_split_shows_the_ground_truth(tmp_path):
    run_tool([
        'tools/misc/browse_dataset.py',
        str(REPO_ROOT / 'configs/kmeans/kmeans_r18_synthetic.py'),
        '--output-dir', str(tmp_path / 'val'), '--split', 'val',
        '--cfg-options', *options('val_dataloader', tmp_path / 'd')
    ])
    rows = sorted((tmp_path / 'val').glob('*.png'))
    assert len(rows) == 2
    assert cv2.imread(str(rows[0])).shape == (64, 2 * 64, 3)  # image | GT


def test_imagenet_s_masks_with_ids_above_255(tmp_path):
    """A dataset-only config (no model) and 300 classes plus ignore 1000."""
    from mmusseg.testing.fake_trees import make_fake_imagenet_s
    root = make_fake_imagenet_s(tmp_path / 'imagenet_s', subset=300)
    run_tool([
        'tools/misc/browse_dataset.py',
        str(REPO_ROOT / 'configs/_base_/datasets/imagenet_s300.py'),
        '--output-dir', str(tmp_path / 'val'), '--split', 'val', '--num',
        '300', '--cfg-options', f'val_dataloader.dataset.data_root={root}'
    ])
    rows = sorted((tmp_path / 'val').glob('*.png'))
    assert len(rows) == 300
    last = cv2.imread(str(rows[-1]))  # class 300: its own colour, not black
    height, width = last.shape[:2]
    gt = last[:, width // 2:]
    assert gt[-1, -1].any() and not gt[0].any()  # row 0 is ignore (black)
