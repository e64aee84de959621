"""PGG configs train and evaluate on tiny fake trees in the real layouts,
pseudo-label stage included: the headline config (crops as training
images; a second run reuses the cached labels), Cityscapes-27 from SwAV
(labels from grouped prototypes) and Table 6 (labels from a supervised
classifier's fc layer, "+H")."""
import re

import pytest
import torch
import torchvision
from mmengine.config import Config

from helpers.runs import (REPO_ROOT, dump_config, load_tool_module, run_tool,
                          shrink_config)
from mmusseg.testing.fake_trees import (make_fake_cityscapes,
                                        make_fake_coco_stuff)
from mmusseg.testing.iss_checkpoint import (make_random_iss_checkpoint,
                                            official_swav_checkpoint)


@pytest.fixture(scope='module')
def trees(tmp_path_factory):
    root = tmp_path_factory.mktemp('pgg_trees')
    converter = load_tool_module(
        REPO_ROOT / 'tools/model_converters/iss2mmpretrain.py')
    swav = root / 'swav_r50.pth'
    torch.save(dict(state_dict=converter.convert_swav(
        official_swav_checkpoint()[0])), swav)
    torch.manual_seed(0)
    supervised = root / 'resnet18.pth'
    torch.save(torchvision.models.resnet18(weights=None).state_dict(),
               supervised)
    return dict(
        # 1 curated train image (6 pyramid samples), 1 val image
        coco=make_fake_coco_stuff(root / 'cocostuff', num_train=2,
                                  num_val=2),
        cityscapes=make_fake_cityscapes(root / 'cityscapes',
                                        per_split=1),
        iss=make_random_iss_checkpoint(root / 'mocov2_r50.pth', depth=50),
        swav=swav, supervised=supervised)


def _small_images(node):
    """Divide every ResizeCenterCrop scale by 5 (640 -> 128, 320 -> 64)."""
    if isinstance(node, dict):
        if node.get('type') == 'ResizeCenterCrop':
            node['scale'] //= 5
        for value in node.values():
            _small_images(value)
    elif isinstance(node, list):
        for value in node:
            _small_images(value)


def _run(config, tree, trees, tmp_path, name, iss='iss', num_labels=4,
         epochs=1):
    cfg = Config.fromfile(str(REPO_ROOT / config))
    shrink_config(cfg, str(tmp_path / name), data_root=str(trees[tree]))
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        _small_images(cfg[loader])
    cfg.model.view_size = 64
    cfg.model.backbone.init_cfg.checkpoint = str(trees[iss])
    cfg.train_cfg.update(max_epochs=epochs, val_interval=1)
    if num_labels:
        cfg.model.guidance_head.num_classes = num_labels  # 50 > the views
    for hook in cfg.custom_hooks:
        if hook.type == 'PyramidLabelHook':
            hook.encoder.checkpoint = str(trees[iss])
            hook.cache_dir = str(tmp_path / 'cache')
        else:
            hook.update(num_init_images=2, images_per_update=2,
                        max_pixels_per_image=64)
    return run_tool(['tools/train.py',
                     str(dump_config(cfg, tmp_path / f'{name}.py'))])


def test_pgg_coco_headline_config(trees, tmp_path):
    config = 'configs/pgg/pgg_r50_fpn_coco27.py'
    out = _run(config, 'coco', trees, tmp_path, 'first')
    assert 'mocov2_r50.pth' in out  # the local ISS init was loaded
    # 1 curated image x 6 pyramid samples, each embedded as an image
    assert 'embedding 1 view(s) of each of 6 samples' in out
    assert 'PyramidLabelHook: 1 images x 6 views' in out
    assert 'PyramidLabelHook: cached the image labels' in out
    assert re.search(r'loss_guidance: [\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)
    assert (tmp_path / 'first' / 'epoch_1.pth').exists()
    # the labels are made before training: no epoch needed to see reuse
    out = _run(config, 'coco', trees, tmp_path, 'second', epochs=0)
    assert 'PyramidLabelHook: loaded the image labels' in out
    assert 'embedding 1 view' not in out


def test_pgg_swav_cityscapes_config(trees, tmp_path):
    out = _run('configs/pgg/pgg_r50-swav-in1k_fpn_cityscapes27.py',
               'cityscapes', trees, tmp_path, 'run', iss='swav')
    # train_extra + test: one image each, 6 samples each
    assert 'embedding 1 view(s) of each of 12 samples' in out
    assert 'swav_r50.pth' in out
    assert re.search(r'loss_guidance: [\d.]+', out)
    assert re.search(r'mIoU: [\d.]+', out)


def test_pgg_supervised_fc_labels_config(trees, tmp_path):
    out = _run('configs/pgg/pgg-h_r18-sup-fc_fpn_coco27.py', 'coco', trees,
               tmp_path, 'run', iss='supervised', num_labels=None)
    assert 'embedding 1 view(s) of each of 6 samples' in out
    assert re.search(r'loss_guidance: [\d.]+', out)
    assert re.search(r'loss_within_aux: [\d.]+', out)  # "+H"
    assert re.search(r'mIoU: [\d.]+', out)
