"""benchmark_pgg.py and pgg_label_diagnostics.py print what they promise."""
import re

from helpers.runs import run_tool
from mmusseg.testing.iss_checkpoint import make_random_iss_checkpoint


def test_benchmark_pgg_prints_label_stage_and_ratios(tmp_path):
    iss = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    out = run_tool([
        'tools/analysis_tools/benchmark_pgg.py',
        'configs/pgg/pgg_r18_fpn_synthetic.py', '--iters', '1', '--rounds',
        '1', '--cfg-options',
        f'train_dataloader.dataset.data_root={tmp_path / "data"}',
        'train_dataloader.dataset.num_train=24',
        'train_dataloader.dataset.img_size=(64,64)',
        'train_dataloader.batch_size=8', 'train_dataloader.num_workers=0'
    ], env=dict(ISS_CHECKPOINT=str(iss)))
    assert re.search(r'pyramid labels: 24 images x 6 views in [\d.]+ s, '
                     r'[\d.]+ images/s .*peak memory', out)
    ratios = dict(re.findall(r'(PiCIE|PiCIE \+ CAE|PiCIE \+ PGG head|'
                             r'PGG \+ CAE \(full\)): [\d.]+ it/s .*?, '
                             r'([\d.]+)x the cost', out))
    assert set(ratios) == {'PiCIE', 'PiCIE + CAE', 'PiCIE + PGG head',
                           'PGG + CAE (full)'}, out[-2000:]
    assert float(ratios['PiCIE']) == 1.0


def test_label_diagnostics_prints_scores_and_chance(tmp_path):
    iss = make_random_iss_checkpoint(tmp_path / 'iss.pth', depth=18)
    hook_cfg = 'custom_hooks.0.cache_dir=' + str(tmp_path / 'cache')
    out = run_tool([
        'tools/analysis_tools/pgg_label_diagnostics.py',
        'configs/pgg/pgg_r18_fpn_synthetic.py', '--cfg-options',
        f'train_dataloader.dataset.data_root={tmp_path / "data"}',
        'train_dataloader.dataset.num_train=24',
        'train_dataloader.dataset.img_size=(64,64)',
        'train_dataloader.batch_size=8', 'train_dataloader.num_workers=0',
        'model.guidance_head.num_classes=4', hook_cfg
    ], env=dict(ISS_CHECKPOINT=str(iss)))
    selected = int(re.search(r'(\d+) selected views of 144', out).group(1))
    assert 0 < selected <= round(0.4 * 144)
    assert re.search(r'NMI\(pseudo-labels, dominant class\) = [\d.]+ '
                     r'\(chance: [\d.]+\)', out)
    assert re.search(r'purity = [\d.]+ \(chance: [\d.]+\)', out)
