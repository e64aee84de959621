"""The PASS stage configs resolve to the values of the reference scripts
(LUSSeg/PASS ``scripts/luss{50,300,919}_pass.sh``, 8ac6b9f), read from
``tests/fixtures/pass/scripts_flags.json``."""
import json
from pathlib import Path

import pytest
from mmengine.config import Config

from helpers.runs import REPO_ROOT

FLAGS = json.loads((Path(__file__).parents[1] / 'fixtures' / 'pass' /
                    'scripts_flags.json').read_text())['scripts']
SETTINGS = {'50': 'r18_imagenets50', '300': 'r50_imagenets300',
            '919': 'r50_imagenets919'}


def _config(stage, subset):
    return Config.fromfile(
        str(REPO_ROOT / 'configs' / 'pass' /
            f'pass-{stage}_{SETTINGS[subset]}.py'))


def _floats(value):
    return [float(v) for v in (value if isinstance(value, list) else
                               [value])]


def _check_swav_stage(cfg, flags, n_gpu):
    """The flags main_pretrain.py and main_pixel_attention.py share."""
    crop = cfg.train_dataloader.dataset.pipeline[1]
    assert list(crop.num_crops) == _floats(flags['nmb_crops'])
    assert list(crop.crop_sizes) == _floats(flags['size_crops'])
    assert [list(s) for s in crop.scales] == [
        list(pair) for pair in zip(_floats(flags['min_scale_crops']),
                                   _floats(flags['max_scale_crops']))]
    model, swav = cfg.model, cfg.model.swav
    assert model.backbone.depth == int(flags['arch'].replace('resnet', ''))
    assert model.backbone.zero_init_residual is False
    assert model.hidden_dim == int(flags['hidden_mlp'])
    assert model.feat_dim == int(flags['feat_dim'])
    assert list(swav.crops_for_assign) == _floats(flags['crops_for_assign'])
    assert swav.temperature == float(flags['temperature'])
    assert swav.epsilon == float(flags['epsilon'])
    assert swav.sinkhorn_iterations == int(flags['sinkhorn_iterations'])
    assert swav.num_prototypes == int(flags['nmb_prototypes'])
    assert swav.queue_length == int(flags['queue_length'])
    assert swav.queue_start_epoch == int(flags['epoch_queue_starts'])
    assert swav.freeze_prototypes_iters == int(
        flags['freeze_prototypes_niters'])
    assert swav.batch_size == int(flags['batch_size'])
    _check_schedule(cfg, flags, n_gpu)


def _check_schedule(cfg, flags, n_gpu):
    assert cfg.train_dataloader.batch_size == int(flags['batch_size'])
    assert n_gpu * cfg.train_dataloader.batch_size == 256
    assert cfg.train_cfg.max_epochs == int(flags['epochs'])
    optimizer = cfg.optim_wrapper.optimizer
    assert optimizer.lr == float(flags['base_lr'])
    assert optimizer.weight_decay == float(flags['wd'])
    (cosine, ) = cfg.param_scheduler
    assert cosine.type == 'CosineAnnealingLR' and cosine.begin == 0
    assert cosine.eta_min == float(flags['final_lr'])
    assert 'end' not in cosine and 'T_max' not in cosine  # = max_epochs
    assert int(flags['warmup_epochs']) == 0


@pytest.mark.parametrize('subset', sorted(FLAGS))
def test_pretrain_matches_the_script(subset):
    flags = FLAGS[subset]['stages']['main_pretrain.py']
    cfg = _config('pretrain', subset)
    _check_swav_stage(cfg, flags, FLAGS[subset]['n_gpu'])
    assert list(cfg.model.num_crops) == _floats(flags['nmb_crops'])
    assert list(cfg.model.loss_weights) == _floats(flags['weights'])
    assert cfg.randomness.seed == int(flags['seed'])
    # stage 1 reads DATA: ImageNet-S train, or all of ImageNet-1k on S919
    split = cfg.train_dataloader.dataset.split
    full = flags['data_path'] == '/data/imagenet/train'
    assert split == ('train-full' if full else 'train')


@pytest.mark.parametrize('subset', sorted(FLAGS))
def test_pixel_attention_matches_the_script(subset):
    flags = FLAGS[subset]['stages']['main_pixel_attention.py']
    cfg = _config('attention', subset)
    _check_swav_stage(cfg, flags, FLAGS[subset]['n_gpu'])
    assert cfg.randomness.seed == int(flags['seed'])
    assert cfg.train_dataloader.dataset.split == 'train'


@pytest.mark.parametrize('subset', sorted(FLAGS))
def test_finetune_matches_the_script(subset):
    flags = FLAGS[subset]['stages']['main_pixel_finetuning.py']
    cfg = _config('finetune', subset)
    _check_schedule(cfg, flags, FLAGS[subset]['n_gpu'])
    assert cfg.model.backbone.depth == int(flags['arch'].replace('resnet',
                                                                 ''))
    assert cfg.model.decode_head.num_classes == int(flags['num_classes']) + 1
    infer = FLAGS[subset]['stages']['inference.py']
    assert cfg.model.max_res == 1000  # inference.py's --max_res default
    assert cfg.test_dataloader.dataset.split == infer['mode']
    assert cfg.test_dataloader.dataset.pipeline[1] == dict(
        type='ResizeShorterSide', size=256)
    # fine-tuned on the images that have pseudo-labels (see the config)
    assert cfg.train_dataloader.dataset.split == 'train'


@pytest.mark.parametrize('subset', sorted(FLAGS))
def test_clusters_and_threshold_match_the_script(subset):
    cluster = FLAGS[subset]['stages']['cluster.py']
    assert _config('cluster', subset).train_cfg.num_clusters == int(
        cluster['c'])
    label = _config('label', subset)
    # label-free Otsu by default; the script's label-tuned value is opt-in
    assert label.train_cfg.threshold == 'otsu'
    tuned = FLAGS[subset]['stages']['inference_pixel_attention.py#train']['t']
    text = (REPO_ROOT / 'configs' / 'pass' /
            f'pass-label_{SETTINGS[subset]}.py').read_text()
    assert f'label-tuned value is {float(tuned):.2f}' in text
