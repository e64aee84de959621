"""The PGG configs named after the paper's rows hold the paper's settings
("Fully Self-Supervised Learning for Semantic Segmentation": section 5.1,
appendix A, Tables 1-6). Parsing only, no model is built."""
import pytest
from mmengine.config import Config

from helpers.runs import REPO_ROOT


def _cfg(name):
    return Config.fromfile(str(REPO_ROOT / 'configs/pgg' / f'{name}.py'))


def _label_hook(cfg):
    hooks = [h for h in cfg.custom_hooks if h.type == 'PyramidLabelHook']
    assert len(hooks) == 1
    return hooks[0]


def test_full_model_holds_the_papers_settings():
    cfg = _cfg('pgg_r50_fpn_coco27')
    model = cfg.model
    # appendix A.2: 10 epochs of Adam 1e-3, no weight decay, batch 128
    assert cfg.optim_wrapper.optimizer.type == 'Adam'
    assert cfg.optim_wrapper.optimizer.lr == 1e-3
    assert cfg.optim_wrapper.optimizer.weight_decay == 0
    assert cfg.train_cfg.max_epochs == 10
    assert cfg.train_dataloader.batch_size * 8 == 128
    # section 5.1: R50, FPN 256, K = 27, L = 50, CAE at 1/16 -> 1/8
    assert model.backbone.depth == 50
    assert model.neck.type == 'ContextAwareEmbedding'
    assert model.neck.fpn.out_channels == model.neck.channels == 256
    assert (model.neck.attention_stride, model.neck.out_stride) == (16, 8)
    assert model.neck.affinity == 'both'
    assert model.cluster_head.num_clusters == 27
    assert model.guidance_head.num_classes == 50
    assert model.guidance_head.head_type == 'mod'
    # 4.2.1: six views, crops as independent training images
    assert model.pyramid and model.crop_mode == 'independent'
    assert cfg.train_dataloader.dataset.type == 'PyramidCropDataset'
    assert cfg.train_dataloader.dataset.with_crops
    assert cfg.train_dataloader.dataset.crop_ratio == model.crop_ratio
    # 4.2.1 / A.1: 40% active selection, the ISS 256 / 224 transform,
    # projector features
    hook = _label_hook(cfg)
    assert hook.select_ratio == 0.4
    assert (hook.resize, hook.crop_size) == (256, 224)
    assert hook.encoder.neck.type == 'mmpretrain.MoCoV2Neck'
    assert hook.encoder.checkpoint == (
        model.backbone.init_cfg.checkpoint)
    assert model.test_cfg.get('crf') is None  # no post-process in numbers


@pytest.mark.parametrize('name,head,pyramid,crops,labels', [
    ('gg-cae-cam_r50_fpn_coco27', 'cam', False, False, 50),
    ('gg-cae-cam_r50_fpn_coco27_l25', 'cam', False, False, 25),
    ('gg-cae-cam_r50_fpn_coco27_l100', 'cam', False, False, 100),
    ('gg-cae-cam_r50_fpn_coco27_l200', 'cam', False, False, 200),
    ('pgg-cae-cam_r50_fpn_coco27', 'cam', True, True, 50),
    ('pgg-cae-cam_r50-mocov2-cocoonly_fpn_coco27', 'cam', True, True, 50),
    ('pgg-region_r50_fpn_coco27', 'mod', True, False, 50),
])
def test_ablation_rows(name, head, pyramid, crops, labels):
    cfg = _cfg(name)
    assert cfg.model.guidance_head.head_type == head
    assert cfg.model.guidance_head.num_classes == labels
    assert cfg.model.pyramid == pyramid
    assert cfg.train_dataloader.dataset.with_crops == crops
    if pyramid and not crops:
        assert cfg.model.crop_mode == 'region'


def test_picie_rows_have_no_guidance_and_no_crops():
    for name in ('picie_r50-mocov2-in1k_fpn_coco27',
                 'picie_r50-mocov2-coco_fpn_coco27',
                 'picie-cae_r50-mocov2-coco_fpn_coco27',
                 'picie_r50-mocov2-cocoonly_fpn_coco27'):
        cfg = _cfg(name)
        assert cfg.model.type == 'PiCIE', name
        assert not cfg.train_dataloader.dataset.with_crops, name
        assert all(h.type != 'PyramidLabelHook' for h in cfg.custom_hooks)


@pytest.mark.parametrize('name,checkpoint', [
    ('pgg_r50_fpn_coco27', 'mocov2_r50_coco27-finetune.pth'),
    ('picie_r50-mocov2-in1k_fpn_coco27', 'mocov2_r50_800ep_mmpretrain.pth'),
    # Table 3: the official ImageNet releases, no finetune
    ('pgg_r50_fpn_cityscapes27', 'mocov2_r50_800ep_mmpretrain.pth'),
    ('pgg_r50-swav-in1k_fpn_cityscapes27', 'swav_r50_800ep_mmpretrain.pth'),
    ('pgg_r50-swav-in1k_fpn_coco27', 'swav_r50_800ep_mmpretrain.pth'),
    # Table 1: MoCo v2 trained on COCO only
    ('pgg-cae-cam_r50-mocov2-cocoonly_fpn_coco27',
     'mocov2_r50_coco27-scratch.pth'),
    ('picie_r50-mocov2-cocoonly_fpn_coco27', 'mocov2_r50_coco27-scratch.pth'),
])
def test_initialisation_per_row(name, checkpoint):
    cfg = _cfg(name)
    assert cfg.model.backbone.init_cfg.checkpoint == (
        f'checkpoints/{checkpoint}')
    if cfg.model.type == 'PGG':
        assert _label_hook(cfg).encoder.checkpoint == (
            f'checkpoints/{checkpoint}')


def test_swav_rows_group_prototypes():
    for name in ('pgg_r50-swav-in1k_fpn_coco27',
                 'pgg_r50-swav-in1k_fpn_cityscapes27'):
        encoder = _label_hook(_cfg(name)).encoder
        assert encoder.neck.type == 'mmpretrain.SwAVNeck'
        assert encoder.prototypes_key == 'head.loss_module.prototypes.weight'


def test_supervised_row_labels_with_the_fc_layer():
    cfg = _cfg('pgg-h_r18-sup-fc_fpn_coco27')
    encoder = _label_hook(cfg).encoder
    assert cfg.model.backbone.depth == 18
    assert encoder.head.type == 'mmpretrain.LinearClsHead'
    assert encoder.head.num_classes == cfg.model.guidance_head.num_classes
    assert encoder.checkpoint == cfg.model.backbone.init_cfg.checkpoint
    assert cfg.model.aux_cluster_head.num_clusters > 27  # "+H"


@pytest.mark.parametrize('name,partition,clusters', [
    ('pgg_r50_fpn_coco27_things', 'things', 12),
    ('pgg_r50_fpn_coco27_stuff', 'stuff', 15),
    ('picie_r50-mocov2-in1k_fpn_coco27_things', 'things', 12),
    ('picie_r50-mocov2-in1k_fpn_coco27_stuff', 'stuff', 15),
])
def test_partition_rows_are_separate_runs(name, partition, clusters):
    cfg = _cfg(name)
    assert cfg.model.cluster_head.num_clusters == clusters
    for loader in (cfg.val_dataloader, cfg.test_dataloader):
        assert loader.dataset.type == 'COCOStuff27PartitionDataset'
        assert loader.dataset.partition == partition


def test_the_other_readings():
    """Section 5.1's PiCIE learning rate, section 4.2.1's last-layer GAP."""
    assert _cfg('pgg_r50_fpn_coco27_lr1e-4').optim_wrapper.optimizer.lr == (
        1e-4)
    assert _label_hook(_cfg('pgg-gap-labels_r50_fpn_coco27')).encoder.get(
        'neck') is None
