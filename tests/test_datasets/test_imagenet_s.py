"""ImageNet-S in the official layout: class ids from sorted WordNet ids,
masks decoded as R + 256 G (ids above 255, ignore 1000), the large-image
rule, and the metric on the decoded masks."""
import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

from mmusseg.datasets.transforms import ResizeShorterSide
from mmusseg.evaluation.metrics import ImageNetSMetric
from mmusseg.testing.fake_trees import make_fake_imagenet_s

PIPELINE = [
    dict(type='LoadAnyImageFromFile'),
    dict(type='LoadImageNetSAnnotations', num_classes=300),
    dict(type='PackSegInputs', meta_keys=('img_path', 'ori_shape')),
]


@pytest.fixture(scope='module')
def tree(tmp_path_factory):
    return make_fake_imagenet_s(tmp_path_factory.mktemp('imagenet_s'),
                                subset=300)


def _dataset(tree, **kwargs):
    init_default_scope('mmseg')
    kwargs.setdefault('subset', 300)
    return DATASETS.build(dict(type='ImageNetSDataset', data_root=str(tree),
                               pipeline=PIPELINE, **kwargs))


def test_classes_and_decoding(tree):
    dataset = _dataset(tree)
    classes = dataset.metainfo['classes']
    assert len(dataset) == 300 and len(classes) == 301
    assert classes[0] == 'background'
    assert list(classes[1:]) == sorted(classes[1:])
    assert dataset.ignore_index == 1000
    for index in (0, 299):  # ids 1 and 300 (> 255: uses G)
        sample = dataset[index]['data_samples']
        wnid = sample.img_path.split('/')[-2]
        gt = sample.gt_sem_seg.data[0]
        assert gt.dtype == torch.int64
        assert set(gt.unique().tolist()) == {0, classes.index(wnid), 1000}
        assert classes.index(wnid) == index + 1


def test_unlabelled_splits_and_errors(tree, tmp_path):
    train = _dataset(tree, split='train', with_labels=False)
    assert len(train) == 300
    assert 'seg_map_path' not in train.get_data_info(0)
    with pytest.raises(ValueError, match='no public masks'):
        _dataset(tree, split='test')
    with pytest.raises(FileNotFoundError, match='imagenet-s'):
        _dataset(tmp_path)
    with pytest.raises(ValueError, match='subset must be one of'):
        _dataset(tree, subset=100)


@pytest.mark.parametrize('shape', [(375, 500), (500, 333), (257, 256),
                                   (1201, 1600)])
def test_resize_shorter_side_is_torchvision_resize(shape):
    """PASS's inference.py resizes with torchvision's Resize(256) on PIL
    images: the same sizes and, through Pillow, the same pixels."""
    from PIL import Image
    from torchvision import transforms
    img = np.random.default_rng(0).integers(0, 256, (*shape, 3),
                                            dtype=np.uint8)
    out = ResizeShorterSide(256)(dict(img=img))
    expected = np.asarray(transforms.Resize(256)(Image.fromarray(img)))
    assert out['img'].shape == expected.shape
    assert out['img_shape'] == expected.shape[:2]
    np.testing.assert_array_equal(out['img'], expected)


def test_metric_on_decoded_masks(tree):
    """Predictions = the masks under a permutation of the ids: matching
    recovers it and every score is perfect."""
    dataset = _dataset(tree)
    perm = np.random.default_rng(0).permutation(300) + 1
    metric = ImageNetSMetric(num_classes=300)
    for i in range(len(dataset)):
        gt = dataset[i]['data_samples'].gt_sem_seg.data
        pred = torch.where((gt > 0) & (gt != 1000),
                           torch.from_numpy(perm)[(gt - 1).clamp(0, 299)],
                           torch.zeros_like(gt))
        metric.process({}, [dict(pred_sem_seg=dict(data=pred),
                                 gt_sem_seg=dict(data=gt))])
    scores = metric.compute_metrics(metric.results)
    assert scores['mIoU'] == pytest.approx(100)
    assert scores['Acc'] == pytest.approx(100)
    assert scores['FMeasure'] == pytest.approx(100)


@pytest.mark.parametrize('subset', [50, 300])
def test_base_configs_load_validation(subset, tree, tmp_path):
    from mmengine.config import Config

    from helpers.runs import REPO_ROOT
    root = tree if subset == 300 else make_fake_imagenet_s(tmp_path, 50)
    cfg = Config.fromfile(
        str(REPO_ROOT / f'configs/_base_/datasets/imagenet_s{subset}.py'))
    cfg.val_dataloader.dataset.data_root = str(root)
    assert cfg.val_evaluator.num_classes == subset
    init_default_scope('mmseg')
    dataset = DATASETS.build(cfg.val_dataloader.dataset)
    assert len(dataset) == subset
    gt = dataset[subset - 1]['data_samples'].gt_sem_seg.data
    assert int(gt[(gt > 0) & (gt != 1000)].unique()) == subset
