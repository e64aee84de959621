"""Each paper's central comparison in miniature, on the synthetic scenes.

A claim is a method and its baseline from the same initialisation (a
stand-in pretrained model, :mod:`mmusseg.apis.standin`, or a
self-supervised model trained on the scenes' own train images), each a
config trained with ``tools/train.py`` and scored on the scenes' val
split. PASS's claim is one stage pipeline (``tools/pass_pipeline.py``) on
the stand-in corpus as ImageNet-S-50, whose rows are the scores of its
stages. :func:`run_claim` builds the initialisation it needs, trains every
row for each seed and returns the final validation metrics;
:func:`claim_table` prints them as mean +- std.
"""
import glob
import json
import os.path as osp
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
from mmengine.config import Config

from .standin import STANDIN_WEIGHTS, build_standin, cpu_env


@dataclass(frozen=True)
class ClaimRow:
    """One row: a name, its config and the environment it needs. With a
    ``stage``, ``config`` is a stage pipeline (``tools/pass_pipeline.py``)
    run once per seed for all its rows, and the row reports that stage's
    ``metrics.json``."""
    name: str
    config: str
    env: Dict[str, str] = field(default_factory=dict)
    stage: Optional[str] = None


@dataclass(frozen=True)
class ScenesPretraining:
    """An initialisation trained without labels on the scenes' train images
    (PGG's fully self-supervised setting: MoCo v2 on the target data), once:
    ``config`` is trained into ``work_dir`` unless ``checkpoint`` exists."""
    config: str
    work_dir: str
    checkpoint: str


@dataclass(frozen=True)
class Claim:
    """A paper's comparison: the baseline is ``rows[0]``, the method
    ``rows[-1]``; rows in between are ablations. ``init`` is the name of a
    stand-in (:data:`STANDIN_WEIGHTS`), a :class:`ScenesPretraining`, or
    None (the rows build what they need). ``epochs`` shortens every row's
    schedule to that many epochs (validating at its end); None keeps the
    configs' own. ``steps``: each row improves on the one before it, and
    every step's margin is reported as well as the method's over the
    baseline."""
    paper: str
    init: Union[str, ScenesPretraining, None]
    rows: Tuple[ClaimRow, ...]
    epochs: Optional[int] = None
    steps: bool = False

    def comparisons(self) -> List[Tuple[str, str]]:
        """The (row, its baseline) pairs whose margins the claim
        reports."""
        names = [row.name for row in self.rows]
        overall = [(names[-1], names[0])]
        if not self.steps or len(names) == 2:
            return overall
        return list(zip(names[1:], names[:-1])) + overall

    def cfg_options(self) -> List[str]:
        """The ``--cfg-options`` every row of this claim is trained with."""
        if self.epochs is None:
            return []
        return [f'train_cfg.max_epochs={self.epochs}',
                f'train_cfg.val_interval={self.epochs}']


_MOCO = dict(ISS_CHECKPOINT=STANDIN_WEIGHTS['resnet18_mocov2'].output)
_STANDIN_PAPER = 'PGG + CAE beats PiCIE from the same MoCo v2 init'
# the paper's Table 4 ablation, each row adding one component to the one
# before: the CAE, global guidance (one label per image, classical CAM),
# pyramid guidance, then the "Mod." head (the full PGG + CAE)
_STANDIN_ROWS = (
    ClaimRow('PiCIE', 'configs/pgg/picie_r18-mocov2_fpn_synthetic.py', _MOCO),
    ClaimRow('+CAE', 'configs/pgg/picie-cae_r18-mocov2_fpn_synthetic.py',
             _MOCO),
    ClaimRow('+GG', 'configs/pgg/gg-cae-cam_r18-mocov2_fpn_synthetic.py',
             _MOCO),
    ClaimRow('+PGG', 'configs/pgg/pgg-cae-cam_r18-mocov2_fpn_synthetic.py',
             _MOCO),
    ClaimRow('+Mod. (PGG + CAE)', 'configs/pgg/pgg_r18_fpn_synthetic.py',
             _MOCO),
)
_SCENES_MOCO = ScenesPretraining(
    'configs/pgg/mocov2_r18_synthetic-pretrain.py',
    'work_dirs/mocov2_r18_synthetic-pretrain',
    'work_dirs/mocov2_r18_synthetic-pretrain/epoch_100.pth')
_SELFSUP_PAPER = ('PGG + CAE beats PiCIE from the same MoCo v2, trained on '
                  'the scenes themselves (the paper\'s fully self-supervised '
                  'setting)')
_SELFSUP_ROWS = (
    ClaimRow('PiCIE', 'configs/pgg/picie_r18-mocov2_fpn_synthetic.py'),
    ClaimRow('PGG + CAE', 'configs/pgg/pgg_r18_fpn_synthetic.py'),
)
_PASS = 'configs/pass/pass_r18_standin-objects.py'
CLAIMS = {
    'picie':
    Claim('PiCIE beats k-means on the same supervised R18 features',
          'resnet18_supervised', (
              ClaimRow('k-means at init',
                       'configs/kmeans/kmeans_r18-standin_synthetic.py'),
              ClaimRow('PiCIE',
                       'configs/picie/picie_r18-standin_fpn_synthetic.py'),
          )),
    'pgg':
    Claim(_STANDIN_PAPER, 'resnet18_mocov2', _STANDIN_ROWS, steps=True),
    'pgg-4ep':
    Claim(_STANDIN_PAPER, 'resnet18_mocov2', _STANDIN_ROWS, epochs=4,
          steps=True),
    'pgg-selfsup':
    Claim(_SELFSUP_PAPER, _SCENES_MOCO, _SELFSUP_ROWS),
    # the README's main command: 4 of the 10 epochs, under half the time;
    # PGG + CAE leads PiCIE at epoch 4 on every seed measured
    'pgg-selfsup-4ep':
    Claim(_SELFSUP_PAPER, _SCENES_MOCO, _SELFSUP_ROWS, epochs=4),
    'stego':
    Claim('STEGO beats k-means on the same frozen ViT features',
          'vit-tiny_p8_supervised', (
              ClaimRow('k-means',
                       'configs/kmeans/kmeans_vit-tiny-standin_synthetic.py'),
              ClaimRow('STEGO',
                       'configs/stego/stego_vit-tiny-standin_synthetic.py'),
          )),
    'pass':
    Claim('PASS on the stand-in corpus as ImageNet-S-50: the pixel '
          'attention and the fine-tuning each improve the segmentation',
          None, (
              ClaimRow('stage-4 labels, every pixel foreground', _PASS,
                       stage='score_labels_all_fg'),
              ClaimRow('stage-4 labels', _PASS, stage='score_labels'),
              ClaimRow('stage-6 fine-tuned', _PASS, stage='evaluate'),
          ), steps=True),
}


def seed_options(config: str, seed: int) -> List[str]:
    """``--cfg-options`` that make a run of ``config`` use ``seed``
    everywhere a seed is drawn: mmengine's ``randomness.seed``
    (initialisation, data order), every custom hook's ``seed`` (k-means
    initialisation, label sampling) and the model's view sampler. The
    scenes' own generation seed is never changed."""
    cfg = Config.fromfile(config)
    options = [f'randomness.seed={seed}']
    for i, hook in enumerate(cfg.get('custom_hooks', [])):
        if 'seed' in hook:
            options.append(f'custom_hooks.{i}.seed={seed}')
    if 'seed' in (cfg.model.get('views') or {}):
        options.append(f'model.views.seed={seed}')
    return options


def final_metrics(work_dir: str,
                  epoch: Optional[int] = None) -> Dict[str, float]:
    """The last validation record (with ``mIoU``) a run logged; with
    ``epoch``, the last one of that epoch."""
    logs = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))
    for log in reversed(logs):
        with open(log) as f:
            records = [json.loads(line) for line in f if 'mIoU' in line]
        records = [r for r in records if epoch in (None, r.get('step'))]
        if records:
            return records[-1]
    at = '' if epoch is None else f' of epoch {epoch}'
    raise FileNotFoundError(f'No validation metrics{at} under {work_dir}.')


def score_checkpoint(config: str, checkpoint: str, root: str = '.',
                     env: Optional[Dict[str, str]] = None
                     ) -> Dict[str, float]:
    """The metrics of ``tools/test.py`` on ``checkpoint`` with ``config``
    (the one a run dumped, its seeds and options included): what that
    run's validation of the checkpoint logs."""
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'Cannot score {checkpoint}: no such file.')
    test_dir = osp.splitext(checkpoint)[0] + '_test'
    subprocess.run([
        sys.executable,
        osp.join(root, 'tools', 'test.py'), config, checkpoint,
        '--work-dir', test_dir
    ],
                   cwd=root,
                   env=env or cpu_env(),
                   check=True,
                   stdout=subprocess.DEVNULL)
    with open(sorted(glob.glob(osp.join(test_dir, '*', '*.json')))[-1]) as f:
        return json.load(f)


_PIPELINE_LOCKS: Dict[str, threading.Lock] = {}
_PIPELINE_LOCKS_GUARD = threading.Lock()


def run_pipeline_row(row: ClaimRow,
                     seed: int,
                     work_dir: str,
                     root: str = '.',
                     cfg_options: Sequence[str] = ()) -> Dict[str, float]:
    """Run a row's stage pipeline with one seed in ``work_dir`` (once for
    all its rows: concurrent calls for the same work dir wait for the
    first; a finished pipeline is reused, an interrupted one resumes) and
    return its stage's metrics plus ``minutes`` (of the whole pipeline)."""
    with _PIPELINE_LOCKS_GUARD:
        lock = _PIPELINE_LOCKS.setdefault(osp.abspath(work_dir),
                                          threading.Lock())
    with lock:
        record = osp.join(work_dir, 'claim_minutes.json')
        if not osp.isfile(record):
            start = time.time()
            subprocess.run([
                sys.executable,
                osp.join(root, 'tools', 'pass_pipeline.py'),
                osp.join(root, row.config), '--work-dir', work_dir,
                '--cfg-options', f'seed={seed}', *cfg_options
            ],
                           cwd=root,
                           env={**cpu_env(), **row.env},
                           check=True,
                           stdout=subprocess.DEVNULL)
            with open(record, 'w') as f:
                json.dump(dict(minutes=(time.time() - start) / 60), f)
        with open(record) as f:
            minutes = json.load(f)['minutes']
    with open(osp.join(work_dir, row.stage, 'metrics.json')) as f:
        return dict(json.load(f), minutes=minutes)


def run_row(row: ClaimRow,
            seed: int,
            work_dir: str,
            root: str = '.',
            cfg_options: Sequence[str] = ()) -> Dict[str, float]:
    """Train one row with one seed (reusing a finished run, resuming an
    interrupted one from its last checkpoint) and return its final
    validation metrics plus ``minutes`` (of this call's training). A
    pipeline row (with a ``stage``) runs :func:`run_pipeline_row`."""
    if row.stage is not None:
        return run_pipeline_row(row, seed, work_dir, root, cfg_options)
    done = osp.join(work_dir, 'claim_metrics.json')
    if osp.isfile(done):
        with open(done) as f:
            return json.load(f)
    start = time.time()
    command = [
        sys.executable,
        osp.join(root, 'tools', 'train.py'),
        osp.join(root, row.config), '--work-dir', work_dir, '--resume',
        '--cfg-options',
        *seed_options(osp.join(root, row.config), seed), *cfg_options
    ]
    env = {**cpu_env(), **row.env}
    subprocess.run(command, cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    dumped = osp.join(work_dir, osp.basename(row.config))
    epochs = Config.fromfile(dumped).train_cfg.max_epochs
    try:
        metrics = final_metrics(work_dir, epochs)
    except FileNotFoundError:
        # interrupted after its last checkpoint, before validating it: the
        # resumed run had nothing left to train, so it validated nothing
        metrics = dict(
            score_checkpoint(dumped, osp.join(work_dir,
                                              f'epoch_{epochs}.pth'),
                             root, env),
            step=epochs)
    metrics['minutes'] = (time.time() - start) / 60
    with open(done, 'w') as f:
        json.dump(metrics, f)
    return metrics


def prepare_init(init: Union[str, ScenesPretraining, None],
                 root: str = '.') -> None:
    """Build a claim's stand-in, or train its scenes pretraining, if
    missing."""
    if init is None:
        return
    if isinstance(init, str):
        build_standin([init], root=root)
        return
    if osp.isfile(osp.join(root, init.checkpoint)):
        print(f'{init.config}: cached at {init.checkpoint}', flush=True)
        return
    print(f'Training {init.config} (no labels) ...', flush=True)
    subprocess.run([
        sys.executable,
        osp.join(root, 'tools', 'train.py'),
        osp.join(root, init.config), '--work-dir',
        osp.join(root, init.work_dir)
    ],
                   cwd=root,
                   env=cpu_env(),
                   check=True)


def run_claim(name: str,
              seeds: Sequence[int] = (0, 1, 2),
              work_dir_root: str = 'work_dirs/claims',
              root: str = '.',
              cfg_options: Sequence[str] = (),
              rows: Optional[Sequence[str]] = None,
              jobs: int = 1) -> Dict[str, List[Dict[str, float]]]:
    """Build the claim's initialisation if missing, then train every row
    (or only ``rows``, by name) for every seed, ``jobs`` runs at a time
    (each run uses one core); returns ``{row name: [metrics per
    seed]}``."""
    if name not in CLAIMS:
        raise KeyError(f'Unknown claim {name!r}; known: {sorted(CLAIMS)}.')
    if jobs < 1:
        raise ValueError(f'jobs must be at least 1, got {jobs}.')
    claim = CLAIMS[name]
    unknown = set(rows or ()) - {row.name for row in claim.rows}
    if unknown:
        raise KeyError(f'Claim {name!r} has no rows {sorted(unknown)}.')
    prepare_init(claim.init, root)
    runs = [(row, seed) for row in claim.rows
            if not rows or row.name in rows for seed in seeds]

    def run(job: Tuple[ClaimRow, int]) -> Dict[str, float]:
        row, seed = job
        print(f'{name}: {row.name}, seed {seed} ...', flush=True)
        work_dir = osp.join(root, work_dir_root, name,
                            osp.splitext(osp.basename(row.config))[0],
                            f'seed{seed}')
        metrics = run_row(row, seed, work_dir, root,
                          [*claim.cfg_options(), *cfg_options])
        scores = ', '.join(f'{key} {metrics[key]:.2f}'
                           for key in ('mIoU', 'aAcc') if key in metrics)
        print(f'{name}: {row.name}, seed {seed}: {scores} '
              f'({metrics["minutes"]:.1f} min)', flush=True)
        return metrics

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        metrics = list(pool.map(run, runs))
    results: Dict[str, List[Dict[str, float]]] = {}
    for (row, _), values in zip(runs, metrics):
        results.setdefault(row.name, []).append(values)
    return results


def _mean_std(values: Sequence[float]) -> str:
    values = np.asarray(values, dtype=float)
    std = values.std(ddof=1) if len(values) > 1 else 0.0
    return f'{values.mean():.2f} ± {std:.2f}'


def claim_table(results: Dict[str, Dict[str, List[Dict[str, float]]]],
                keys: Sequence[str] = ('mIoU', 'aAcc')) -> str:
    """A Markdown table: one line per claim row, mean ± std over seeds,
    and the method's margin over the baseline."""
    lines = [
        '| Claim | Row | Config | Seeds | ' +
        ' | '.join(keys) + ' | min/run |',
        '|' + '---|' * (5 + len(keys)),
    ]
    for name, rows in results.items():
        claim = CLAIMS[name]
        for row in claim.rows:
            if row.name not in rows:
                continue
            runs = rows[row.name]
            cells = [
                _mean_std([r[k] for r in runs])
                if all(k in r for r in runs) else '-' for k in keys
            ]
            minutes = np.mean([r.get('minutes', 0.0) for r in runs])
            lines.append(f'| {name} | {row.name} | `{row.config}` | '
                         f'{len(runs)} | ' + ' | '.join(cells) +
                         f' | {minutes:.1f} |')
    for name, rows in results.items():
        for method, base in CLAIMS[name].comparisons():
            if base not in rows or method not in rows:
                continue
            gain = [m['mIoU'] - b['mIoU'] for b, m in zip(rows[base],
                                                           rows[method])]
            verdict = ('reproduced' if min(gain) > 0 else
                       'NOT reproduced on every seed')
            lines.append(f'\n{name}: {CLAIMS[name].paper}: {method} - '
                         f'{base} = {_mean_std(gain)} mIoU per seed; '
                         f'{verdict}.')
    return '\n'.join(lines)


def claim_names(names: Optional[Sequence[str]]) -> List[str]:
    """Validate claim names (all claims when empty)."""
    names = list(names or CLAIMS)
    unknown = sorted(set(names) - set(CLAIMS))
    if unknown:
        raise KeyError(f'Unknown claims {unknown}; known: {sorted(CLAIMS)}.')
    return names
