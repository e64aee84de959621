"""PyramidLabelHook on the synthetic config, in process: with the crops as
training samples, every sample is embedded as an image of its own and
gets the label of its own embedding; the model's rows follow the samples;
a dataset that does not match the model's crop mode is refused."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from helpers.runs import REPO_ROOT, shrink_config
from mmusseg.engine.hooks import PyramidLabelHook
from mmusseg.engine.hooks.cache import load_cache
from mmusseg.models.utils import crop_resize_center
from mmusseg.testing.iss_checkpoint import make_random_iss_checkpoint
from mmusseg.utils.benchmark import build_runner, find_hook

SMALL = dict(num_train=4, num_val=2, img_size=(64, 64))


def test_independent_crops_are_labelled_as_images(tmp_path):
    iss = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/pgg/pgg_r18_fpn_synthetic.py'))
    shrink_config(cfg, str(tmp_path / 'work'),
                  data_root=str(tmp_path / 'data'), batch_size=8,
                  dataset_overrides=SMALL)
    cfg.model.backbone.init_cfg.checkpoint = str(iss)
    cfg.model.guidance_head.num_classes = 3
    cfg.custom_hooks[0].update(cache_dir=str(tmp_path / 'cache'),
                               select_ratio=0.5)
    cfg.custom_hooks[0].encoder.checkpoint = str(iss)
    cfg.log_level = 'WARNING'
    init_default_scope('mmseg')
    runner = build_runner(cfg)
    hook = find_hook(runner, PyramidLabelHook)
    hook.before_train(runner)
    model = runner.model
    dataset = runner.train_dataloader.dataset
    assert len(dataset) == 24
    cache = load_cache(next((tmp_path / 'cache').glob('*.pth')).as_posix())
    table, sims = cache['labels'], cache['similarity']
    assert table.shape == (4, 6) and int((table >= 0).sum()) == 12
    # one row per sample: sample s is view s % 6 of image s // 6
    assert model.image_labels.shape == (24, 1)
    assert torch.equal(model.image_labels[:, 0], table.flatten())
    # each sample, embedded on its own, is nearest to its label's centroid
    encoder = MODELS.build(hook.encoder_cfg)
    encoder.init_weights()
    centroids = cache['centroids']
    for s in range(len(dataset)):
        data = model.data_preprocessor(
            dict(inputs=[dataset[s]['inputs']],
                 data_samples=[dataset[s]['data_samples']]), False)
        emb = encoder(crop_resize_center(data['inputs'], (0, 0, 1, 1),
                                         hook.resize, hook.crop_size))[0]
        cos = centroids @ emb
        torch.testing.assert_close(cos.max(), sims.flatten()[s],
                                   rtol=1e-4, atol=1e-4)
        if model.image_labels[s, 0] >= 0:
            assert int(cos.argmax()) == int(model.image_labels[s, 0])


def _stub_model(samples_are_crops, crop_ratio=0.5):
    return SimpleNamespace(samples_are_crops=samples_are_crops,
                           crop_ratio=crop_ratio)


def test_dataset_and_crop_mode_must_agree():
    from mmusseg.datasets import PyramidCropDataset
    images = SimpleNamespace()
    crops = PyramidCropDataset(images, crop_ratio=0.5)
    whole = PyramidCropDataset(images, crop_ratio=0.5, with_crops=False)
    assert PyramidLabelHook.samples_per_image(_stub_model(True), crops) == 6
    assert PyramidLabelHook.samples_per_image(_stub_model(False), whole) == 1
    assert PyramidLabelHook.samples_per_image(_stub_model(False),
                                              images) == 1
    with pytest.raises(TypeError, match='wrap the train dataset'):
        PyramidLabelHook.samples_per_image(_stub_model(True), images)
    with pytest.raises(TypeError, match='with_crops=False'):
        PyramidLabelHook.samples_per_image(_stub_model(False), crops)
    with pytest.raises(ValueError, match='crop_ratio'):
        PyramidLabelHook.samples_per_image(_stub_model(True, 0.4), crops)
