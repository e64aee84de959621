"""The stand-in weights: built by the real tool (mmpretrain trainings,
shortened), written in the release layouts, and loaded strictly by every
model family that uses them, through the configs' own ``init_cfg``."""
import os

import pytest
import torch
import torchvision
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from helpers.runs import REPO_ROOT
from mmusseg.apis.standin import STANDIN_WEIGHTS, build_standin

SHORT = [
    'train_cfg.max_epochs=1', 'train_dataloader.num_workers=0',
    'train_dataloader.persistent_workers=False',
    'train_dataloader.dataset.num_train=1'
]


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    """All three stand-ins, each from one epoch on a 50-image corpus."""
    tmp = tmp_path_factory.mktemp('standin')
    corpus = f'train_dataloader.dataset.data_root={tmp}/corpus'
    for name in STANDIN_WEIGHTS:
        extra = [] if name == 'resnet18_mocov2' else [
            f'val_dataloader.dataset.data_root={tmp}/corpus',
            'val_dataloader.dataset.num_train=1',
            'train_dataloader.batch_size=16'
        ]
        build_standin([name], work_dir_root=str(tmp / 'work'),
                      root=str(REPO_ROOT), output_root=str(tmp),
                      train_args=['--cfg-options', corpus, *SHORT, *extra])
    return {name: str(tmp / spec.output)
            for name, spec in STANDIN_WEIGHTS.items()}


def _state(path):
    return torch.load(path, map_location='cpu', weights_only=False)[
        'state_dict']


def _built(config, checkpoint, **env):
    """The segmentor of ``config`` after ``init_weights``, with its
    stand-in checkpoint at ``checkpoint``."""
    os.environ.update(env)
    try:
        cfg = Config.fromfile(str(REPO_ROOT / config))
    finally:
        for key in env:
            os.environ.pop(key)
    if not env:
        assert cfg.model.backbone.init_cfg.checkpoint.startswith(
            'checkpoints/standin/')
        cfg.model.backbone.init_cfg.checkpoint = checkpoint
    init_default_scope('mmseg')
    model = MODELS.build(cfg.model)
    model.init_weights()
    return model, cfg


def _assert_loaded(module, state, skip=()):
    own = module.state_dict()
    for key, value in state.items():
        if key.startswith(skip):
            continue
        torch.testing.assert_close(own[key], value, msg=key)


def test_resnet18_supervised_is_a_torchvision_state_dict(standin):
    state = _state(standin['resnet18_supervised'])
    torchvision.models.resnet18(num_classes=50).load_state_dict(state,
                                                                strict=True)
    for config in ('configs/kmeans/kmeans_r18-standin_synthetic.py',
                   'configs/picie/picie_r18-standin_fpn_synthetic.py'):
        model, _ = _built(config, standin['resnet18_supervised'])
        # every backbone tensor comes from the checkpoint, and only fc is
        # left over
        assert set(state) - set(model.backbone.state_dict()) == {
            'fc.weight', 'fc.bias'
        }
        _assert_loaded(model.backbone, state, skip=('fc.', ))


def test_vit_loads_into_frozen_vit(standin):
    state = _state(standin['vit-tiny_p8_supervised'])
    for config in ('configs/stego/stego_vit-tiny-standin_synthetic.py',
                   'configs/kmeans/kmeans_vit-tiny-standin_synthetic.py'):
        model, _ = _built(config, standin['vit-tiny_p8_supervised'])
        # the 8 x 8 grid of the 64 px pretraining is resized for 96 px
        assert set(state) == set(model.backbone.state_dict())
        _assert_loaded(model.backbone, state, skip=('pos_embed', ))
        assert state['pos_embed'].shape[1] == 1 + 8 * 8
        assert model.backbone.pos_embed.shape[1] == 1 + 12 * 12


def test_mocov2_loads_into_pgg(standin):
    path = standin['resnet18_mocov2']
    state = _state(path)
    assert {k.split('.')[0] for k in state} == {'backbone', 'neck'}
    model, cfg = _built('configs/pgg/pgg_r18_fpn_synthetic.py', path,
                        ISS_CHECKPOINT=path)
    _assert_loaded(model.backbone, {
        k[len('backbone.'):]: v
        for k, v in state.items() if k.startswith('backbone.')
    })
    hook = next(h for h in cfg.custom_hooks
                if h.type == 'PyramidLabelHook')
    assert hook.encoder.checkpoint == path
    encoder = MODELS.build(hook.encoder)
    encoder.init_weights()  # strict on backbone.* and neck.*
    _assert_loaded(encoder, state)


def test_unknown_standin_is_refused(tmp_path):
    with pytest.raises(KeyError, match='Unknown stand-in'):
        build_standin(['resnet50_dino'], root=str(REPO_ROOT),
                      output_root=str(tmp_path))
