"""STEGO's five crops and resizing against mhamilton723/STEGO's own outputs
(fixtures from commit eb4d6b5: ``src/crop_datasets.py``, ``src/data.py``,
``src/utils.py``; recipes in ``tests/fixtures/stego/README.json``)."""
import json
from pathlib import Path

import numpy as np
import pytest

from mmusseg.datasets.transforms.five_crop import FiveCrop, five_crop_boxes
from mmusseg.datasets.transforms.resize_center_crop import ResizeCenterCrop

FIXTURES = Path(__file__).parents[1] / 'fixtures' / 'stego'
STEGO_RESIZE = dict(interpolation='nearest', backend='pillow',
                    torchvision_rounding=True)


def load_json(name):
    with open(FIXTURES / name) as f:
        return json.load(f)


def test_five_crop_windows_equal_the_reference():
    boxes = load_json('five_crop_boxes_crop_datasets.py_eb4d6b5.json')
    for size, expected in boxes['boxes'].items():
        height, width = map(int, size.split('x'))
        assert [list(b) for b in five_crop_boxes(height, width, 0.5)] == \
            expected, size
    # the square crops of side 0.5 * min(H, W) are another geometry
    assert five_crop_boxes(480, 640, 0.5, square=True)[1] != \
        tuple(boxes['boxes']['480x640'][1])


def crop_inputs():
    rng = np.random.default_rng(2)
    image = rng.integers(0, 256, (44, 58, 3), dtype=np.uint8)  # RGB
    label = rng.integers(0, 27, (44, 58))
    label[0:3, :] = 255  # the reference's -1 (ignored)
    return image, label.astype(np.uint8)


@pytest.mark.parametrize('index', range(5))
def test_jpeg_crops_and_training_resize_equal_the_reference(index):
    reference = np.load(FIXTURES / 'five_crop_crop_datasets.py_eb4d6b5.npz')
    image, label = crop_inputs()
    results = FiveCrop()(dict(img=np.ascontiguousarray(image[..., ::-1]),
                              gt_seg_map=label,
                              five_crop=dict(index=index, ratio=0.5)))
    assert np.array_equal(results['img'][..., ::-1],
                          reference[f'jpeg_crop_{index}'])
    results['seg_fields'] = ['gt_seg_map']
    results = ResizeCenterCrop(16, **STEGO_RESIZE)(results)
    assert np.array_equal(results['img'][..., ::-1],
                          reference['train_img_16'][index])
    expected_label = reference['train_label_16'][index]
    assert np.array_equal(results['gt_seg_map'],
                          np.where(expected_label < 0, 255, expected_label))
    # without the JPEG round trip the pixels are not the reference's
    exact = FiveCrop(jpeg_quality=None)(dict(
        img=np.ascontiguousarray(image[..., ::-1]),
        five_crop=dict(index=index, ratio=0.5)))
    assert not np.array_equal(exact['img'][..., ::-1],
                              reference[f'jpeg_crop_{index}'])


def test_resize_geometry_equals_torchvision_on_pillow():
    geometry = load_json('resize_utils.py_eb4d6b5.json')['geometry']
    for key, expected in geometry.items():
        size, scale = key.split('@')
        height, width = map(int, size.split('x'))
        coded = (np.arange(height)[:, None] * 10000 +
                 np.arange(width)[None]).astype(np.int32)
        out = ResizeCenterCrop(int(scale), **STEGO_RESIZE)(dict(img=coded))
        assert (out['img'][:, 0] // 10000).tolist() == expected['rows'], key
        assert (out['img'][0] % 10000).tolist() == expected['cols'], key
    # cv2's nearest neighbour (mmusseg's default backend) samples elsewhere
    coded = (np.arange(480)[:, None] * 10000 +
             np.arange(640)[None]).astype(np.int32)
    out = ResizeCenterCrop(224, interpolation='nearest')(dict(
        img=coded.astype(np.float32)))
    assert (out['img'][0] % 10000).tolist() != \
        geometry['480x640@224']['cols']
