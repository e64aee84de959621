"""benchmark_pgg.py times what it names and reports consistent figures;
pgg_label_diagnostics.py scores the labels it promises."""
import re

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from helpers.runs import REPO_ROOT, load_tool_module, run_tool
from mmusseg.models.necks import ContextAwareEmbedding, LateralFPN
from mmusseg.models.segmentors import PGG, PiCIE
from mmusseg.testing.iss_checkpoint import make_random_iss_checkpoint

SMALL_DATA = [
    'train_dataloader.dataset.dataset.num_train=4',
    'train_dataloader.dataset.dataset.img_size=(64,64)',
    'train_dataloader.batch_size=8', 'train_dataloader.num_workers=0'
]


def test_benchmark_variants_are_the_four_ablation_models():
    """Each timed variant is the model its name says: CAE or plain FPN
    neck, PGG (with its guidance head) or plain PiCIE, and no variant
    recomputes the labels."""
    tool = load_tool_module(
        REPO_ROOT / 'tools/analysis_tools/benchmark_pgg.py')
    cfg = Config.fromfile(
        str(REPO_ROOT / 'configs/pgg/pgg_r18_fpn_synthetic.py'))
    init_default_scope('mmseg')
    expected = {
        'PiCIE': (PiCIE, LateralFPN),
        'PiCIE + CAE': (PiCIE, ContextAwareEmbedding),
        'PiCIE + PGG head': (PGG, LateralFPN),
        'PGG + CAE (full)': (PGG, ContextAwareEmbedding),
    }
    variants = tool.variant_configs(cfg)
    assert set(variants) == set(expected)
    for name, var in variants.items():
        model_cfg = var.model.copy()
        model_cfg.backbone.pop('init_cfg')
        model = MODELS.build(model_cfg)
        segmentor, neck = expected[name]
        assert type(model) is segmentor, name
        assert type(model.neck) is neck, name
        assert hasattr(model, 'guidance_head') == (segmentor is PGG)
        assert all(h.type != 'PyramidLabelHook' for h in var.custom_hooks)
    with pytest.raises(ValueError, match='ContextAwareEmbedding'):
        tool.variant_configs(variants['PiCIE'])


def test_benchmark_pgg_reports_consistent_figures(tmp_path):
    iss = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    out = run_tool([
        'tools/analysis_tools/benchmark_pgg.py',
        'configs/pgg/pgg_r18_fpn_synthetic.py', '--iters', '1', '--rounds',
        '1', '--cfg-options',
        f'train_dataloader.dataset.dataset.data_root={tmp_path / "data"}',
        *SMALL_DATA
    ], env=dict(ISS_CHECKPOINT=str(iss)))
    # 4 images, their 6 views each being a training sample
    stage = re.search(r'pyramid labels: 4 images x 6 views in ([\d.]+) s, '
                      r'([\d.]+) images/s \(([\d.]+) views/s\)', out)
    assert stage, out[-2000:]
    seconds, images_s, views_s = map(float, stage.groups())
    assert images_s == pytest.approx(4 / seconds, rel=0.05, abs=0.1)
    assert views_s == pytest.approx(6 * images_s, rel=0.05, abs=0.1)
    rows = re.findall(r'(PiCIE|PiCIE \+ CAE|PiCIE \+ PGG head|'
                      r'PGG \+ CAE \(full\)): ([\d.]+) it/s \(([\d.]+) '
                      r'images/s\), ([\d.]+)x the cost', out)
    speeds = {name: (float(its), float(ims), float(ratio))
              for name, its, ims, ratio in rows}
    assert set(speeds) == {'PiCIE', 'PiCIE + CAE', 'PiCIE + PGG head',
                           'PGG + CAE (full)'}, out[-2000:]
    base = speeds['PiCIE'][0]
    for name, (its, ims, ratio) in speeds.items():
        # batch 8; the cost ratio is PiCIE's speed over the variant's
        assert ims == pytest.approx(8 * its, rel=0.02, abs=0.1), name
        assert ratio == pytest.approx(base / its, rel=0.05, abs=0.02), name


def test_label_diagnostics_prints_scores_and_chance(tmp_path):
    iss = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    hook_cfg = 'custom_hooks.0.cache_dir=' + str(tmp_path / 'cache')
    out = run_tool([
        'tools/analysis_tools/pgg_label_diagnostics.py',
        'configs/pgg/pgg_r18_fpn_synthetic.py', '--cfg-options',
        f'train_dataloader.dataset.dataset.data_root={tmp_path / "data"}',
        *SMALL_DATA, 'model.guidance_head.num_classes=4', hook_cfg
    ], env=dict(ISS_CHECKPOINT=str(iss)))
    # 4 images x 6 samples, one label each; every scene pixel is labelled,
    # so all the 40% selected views are scored
    assert re.search(r'\b10 selected views of 24 \(24 samples x 1 views\)',
                     out), out[-2000:]
    nmi = re.search(r'NMI\(pseudo-labels, dominant class\) = ([\d.]+) '
                    r'\(chance: ([\d.]+)\)', out)
    purity = re.search(r'purity = ([\d.]+) \(chance: ([\d.]+)\)', out)
    assert nmi and purity
    for value in (*nmi.groups(), *purity.groups()):
        assert 0 <= float(value) <= 1
