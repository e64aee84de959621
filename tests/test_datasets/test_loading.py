import cv2
import numpy as np
import pytest

from mmusseg.datasets.label_mapping import build_label_lut
from mmusseg.datasets.transforms import (LoadAnyImageFromFile,
                                         LoadMappedAnnotations)


@pytest.mark.parametrize('kind', ['gray', 'rgba', 'uint16', 'gray16'])
def test_odd_images_load_as_uint8_bgr(tmp_path, kind):
    rng = np.random.default_rng(0)
    arrays = dict(
        gray=rng.integers(0, 256, (5, 7), dtype=np.uint8),
        rgba=rng.integers(0, 256, (5, 7, 4), dtype=np.uint8),
        uint16=np.full((5, 7, 3), 65535, dtype=np.uint16),
        gray16=np.full((5, 7), 257 * 10, dtype=np.uint16))
    path = tmp_path / f'{kind}.png'
    cv2.imwrite(str(path), arrays[kind])
    out = LoadAnyImageFromFile()(dict(img_path=str(path)))
    img = out['img']
    assert img.dtype == np.uint8 and img.shape == (5, 7, 3)
    assert out['ori_shape'] == (5, 7)
    if kind == 'uint16':
        assert (img == 255).all()
    if kind == 'gray16':
        assert (img == 10).all()
    if kind == 'rgba':
        assert (img == arrays['rgba'][..., :3]).all()


def test_corrupt_image_is_named_or_skipped(tmp_path):
    path = tmp_path / 'broken.jpg'
    path.write_bytes(b'not an image at all')
    with pytest.raises(OSError, match='broken.jpg.*skip_bad_images'):
        LoadAnyImageFromFile()(dict(img_path=str(path)))
    with pytest.warns(UserWarning, match='broken.jpg'):
        assert LoadAnyImageFromFile(skip_bad_images=True)(
            dict(img_path=str(path))) is None


def test_labels_are_mapped_and_unknown_ids_named(tmp_path):
    lut = build_label_lut({10: 0, 11: 1}, ignore_ids=(0, 255))
    good = tmp_path / 'good.png'
    cv2.imwrite(str(good), np.array([[10, 11, 0, 255]], np.uint8))
    out = LoadMappedAnnotations()(dict(seg_map_path=str(good), label_lut=lut,
                                       seg_fields=[]))
    assert out['gt_seg_map'].tolist() == [[0, 1, 255, 255]]
    assert out['seg_fields'] == ['gt_seg_map']
    bad = tmp_path / 'bad.png'
    cv2.imwrite(str(bad), np.array([[10, 42, 77, 42]], np.uint8))
    with pytest.raises(ValueError, match=r'bad\.png contains ids \[42, 77\]'):
        LoadMappedAnnotations()(dict(seg_map_path=str(bad), label_lut=lut))
    rgb = tmp_path / 'rgb.png'
    cv2.imwrite(str(rgb), np.zeros((2, 2, 3), np.uint8))
    with pytest.raises(ValueError, match='single-channel'):
        LoadMappedAnnotations()(dict(seg_map_path=str(rgb), label_lut=lut))


def test_unlabelled_samples_pass_through():
    results = dict(seg_map_path=None)
    assert LoadMappedAnnotations()(results) is results
    assert 'gt_seg_map' not in results


def test_missing_file_is_named_and_mmcv_options_pass_through(tmp_path):
    with pytest.raises(OSError, match='missing.png.*skip_bad_images'):
        LoadAnyImageFromFile()(dict(img_path=str(tmp_path / 'missing.png')))
    path = tmp_path / 'color.png'
    cv2.imwrite(str(path), np.full((5, 7, 3), (0, 0, 255), np.uint8))
    load = LoadAnyImageFromFile(color_type='grayscale', to_float32=True)
    img = load(dict(img_path=str(path)))['img']
    assert img.shape == (5, 7) and img.dtype == np.float32
    assert (img == 76).all()  # OpenCV's luma of pure red: 0.299 * 255
    assert 'skip_bad_images=False' in repr(load)
