"""The claim runner's bookkeeping: seeds reach every random draw of a
config, metrics are read from the run's log, the table is right."""
import json

import pytest

from helpers.runs import REPO_ROOT
from mmusseg.apis.claims import (CLAIMS, claim_names, claim_table,
                                 final_metrics, seed_options)


def test_every_claim_row_is_a_config():
    for claim in CLAIMS.values():
        for row in claim.rows:
            assert (REPO_ROOT / row.config).is_file(), row.config


def test_seed_options_reach_hooks_and_views():
    picie = str(REPO_ROOT / 'configs/picie/picie_r18-standin_fpn_synthetic.py')
    options = seed_options(picie, 7)
    assert 'randomness.seed=7' in options
    assert 'model.views.seed=7' in options
    # both of PiCIE's k-means hooks take the seed
    assert {'custom_hooks.0.seed=7', 'custom_hooks.1.seed=7'} <= set(options)
    kmeans = str(REPO_ROOT / 'configs/kmeans/kmeans_r18-standin_synthetic.py')
    assert seed_options(kmeans, 3) == [
        'randomness.seed=3', 'custom_hooks.0.seed=3'
    ]


def test_final_metrics_reads_the_last_validation(tmp_path):
    for stamp, values in (('20260101_000000', [1.0, 2.0]),
                          ('20260101_000100', [3.0, 4.5])):
        log = tmp_path / stamp / 'vis_data' / 'scalars.json'
        log.parent.mkdir(parents=True)
        lines = [dict(loss=0.3, step=1)] + [
            dict(mIoU=v, aAcc=10 * v, step=i) for i, v in enumerate(values)
        ]
        log.write_text('\n'.join(json.dumps(x) for x in lines))
    assert final_metrics(str(tmp_path))['mIoU'] == 4.5
    # the last record of an epoch, even from an earlier log
    assert final_metrics(str(tmp_path), epoch=0)['mIoU'] == 3.0
    assert final_metrics(str(tmp_path), epoch=1)['mIoU'] == 4.5
    with pytest.raises(FileNotFoundError, match='of epoch 2'):
        final_metrics(str(tmp_path), epoch=2)
    with pytest.raises(FileNotFoundError):
        final_metrics(str(tmp_path / 'none'))


def test_claim_table_mean_std_and_margin():
    rows = CLAIMS['picie'].rows
    results = {
        'picie': {
            rows[0].name: [dict(mIoU=10.0, aAcc=50.0),
                           dict(mIoU=12.0, aAcc=52.0)],
            rows[1].name: [dict(mIoU=15.0, aAcc=60.0),
                           dict(mIoU=11.0, aAcc=58.0)],
        }
    }
    table = claim_table(results)
    # mean and sample std (ddof 1) of 10 and 12: 11.00 ± 1.41
    assert '| 11.00 ± 1.41 | 51.00 ± 1.41 |' in table
    assert '| 13.00 ± 2.83 | 59.00 ± 1.41 |' in table
    # per-seed gains 5 and -1: mean 2, std 4.24; not on every seed
    assert '= 2.00 ± 4.24 mIoU per seed; NOT reproduced' in table
    results['picie'][rows[1].name][1]['mIoU'] = 12.5
    assert 'per seed; reproduced' in claim_table(results)


def test_unknown_claim():
    assert claim_names([]) == list(CLAIMS)
    with pytest.raises(KeyError, match='Unknown claims'):
        claim_names(['dino'])


def test_a_subset_of_rows_has_no_verdict():
    rows = CLAIMS['pgg'].rows
    table = claim_table(
        {'pgg': {rows[1].name: [dict(mIoU=1.0, aAcc=2.0)]}})
    assert rows[1].name in table and rows[0].config not in table
    assert 'reproduced' not in table


def test_run_claim_runs_every_row_and_seed_in_parallel(tmp_path,
                                                        monkeypatch):
    """``jobs`` runs at a time, results back in row and seed order."""
    import threading
    import time

    from mmusseg.apis import claims
    active, peak, calls = [0], [0], []
    lock = threading.Lock()

    def fake_row(row, seed, work_dir, root, cfg_options):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            calls.append((row.name, seed))
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        return dict(mIoU=float(seed), aAcc=0.0, minutes=0.0)

    monkeypatch.setattr(claims, 'run_row', fake_row)
    monkeypatch.setattr(claims, 'prepare_init', lambda init, root: None)
    out = claims.run_claim('stego', seeds=(0, 1, 2), root=str(tmp_path),
                           jobs=2)
    assert peak[0] == 2 and len(calls) == 6
    assert [m['mIoU'] for m in out['STEGO']] == [0.0, 1.0, 2.0]
    assert list(out) == ['k-means', 'STEGO']
    with pytest.raises(ValueError, match='jobs'):
        claims.run_claim('stego', jobs=0)
    with pytest.raises(KeyError, match='no rows'):
        claims.run_claim('stego', rows=['PiCIE'])


def test_a_shortened_claim_trains_every_row_for_its_epochs(
        tmp_path, monkeypatch):
    """``Claim.epochs`` reaches every row (before the user's options, so
    these still win); the full-schedule claim passes none."""
    from mmusseg.apis import claims
    seen = {}

    def fake_row(row, seed, work_dir, root, cfg_options):
        seen[(work_dir.split('/')[-3], row.name)] = list(cfg_options)
        return dict(mIoU=0.0, aAcc=0.0, minutes=0.0)

    monkeypatch.setattr(claims, 'run_row', fake_row)
    monkeypatch.setattr(claims, 'prepare_init', lambda init, root: None)
    claims.run_claim('pgg-selfsup-4ep', seeds=(0, ), root=str(tmp_path),
                     cfg_options=['train_cfg.max_epochs=2'])
    claims.run_claim('pgg-selfsup', seeds=(0, ), root=str(tmp_path))
    short = ['train_cfg.max_epochs=4', 'train_cfg.val_interval=4',
             'train_cfg.max_epochs=2']
    assert seen == {
        ('pgg-selfsup-4ep', 'PiCIE'): short,
        ('pgg-selfsup-4ep', 'PGG + CAE'): short,
        ('pgg-selfsup', 'PiCIE'): [],
        ('pgg-selfsup', 'PGG + CAE'): [],
    }
    assert (CLAIMS['pgg-selfsup-4ep'].rows == CLAIMS['pgg-selfsup'].rows)


def _fake_training(work_dir, config, epochs, validations):
    """What tools/train.py leaves in ``work_dir``: the dumped config, the
    checkpoints, and a log with a validation record per given epoch."""
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / config.split('/')[-1]).write_text(
        f'train_cfg = dict(max_epochs={epochs})\n')
    for epoch in range(1, epochs + 1):
        (work_dir / f'epoch_{epoch}.pth').touch()
    log = work_dir / 'stamp' / 'vis_data' / 'scalars.json'
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text('\n'.join(
        json.dumps(dict(mIoU=miou, aAcc=30.0, step=epoch))
        for epoch, miou in validations.items()))


def test_run_row_resumes_and_reuses(tmp_path, monkeypatch):
    """An interrupted run resumes from its last checkpoint; a finished one
    (``claim_metrics.json``) is not trained again."""
    from mmusseg.apis import claims
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        _fake_training(tmp_path / 'run', row.config, epochs=4,
                       validations={4: 7.5})

    monkeypatch.setattr(claims.subprocess, 'run', fake_run)
    row = CLAIMS['pgg-selfsup'].rows[0]
    work_dir = str(tmp_path / 'run')
    first = claims.run_row(row, 1, work_dir, str(REPO_ROOT), ['a=1'])
    assert first['mIoU'] == 7.5 and len(commands) == 1
    command = commands[0]
    assert command[command.index('--work-dir') + 1] == work_dir
    assert '--resume' in command and command[-1] == 'a=1'
    assert 'randomness.seed=1' in command
    assert claims.run_row(row, 1, work_dir, str(REPO_ROOT)) == first
    assert len(commands) == 1


def test_pipeline_rows_share_one_run_per_seed(tmp_path, monkeypatch):
    """PASS's rows are stages of one pipeline run per seed: with three jobs
    the rows of a seed wait for its run instead of starting another, and
    each row reads its own stage's metrics."""
    import threading
    import time

    from mmusseg.apis import claims
    commands = []
    lock = threading.Lock()
    stages = {row.stage: i for i, row in enumerate(CLAIMS['pass'].rows)}

    def fake_run(command, **kwargs):
        with lock:
            commands.append(command)
        time.sleep(0.1)
        work_dir = command[command.index('--work-dir') + 1]
        seed = int(command[command.index('--cfg-options') + 1][5:])
        for stage, i in stages.items():
            path = tmp_path / work_dir / stage / 'metrics.json'
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(dict(mIoU=10.0 * seed + i)))

    monkeypatch.setattr(claims.subprocess, 'run', fake_run)
    out = claims.run_claim('pass', seeds=(0, 1), root=str(tmp_path),
                           jobs=3)
    assert len(commands) == 2
    assert sorted(c[c.index('--cfg-options') + 1] for c in commands) == [
        'seed=0', 'seed=1'
    ]
    assert all(c[2].endswith(CLAIMS['pass'].rows[0].config)
               and 'pass_pipeline.py' in c[1] for c in commands)
    assert [[m['mIoU'] for m in out[row.name]]
            for row in CLAIMS['pass'].rows] == [[0.0, 10.0], [1.0, 11.0],
                                                 [2.0, 12.0]]
    # a finished pipeline is reused
    claims.run_claim('pass', seeds=(0, ), root=str(tmp_path))
    assert len(commands) == 2


def test_a_stepwise_claim_reports_every_step_and_the_whole_gain():
    rows = [row.name for row in CLAIMS['pass'].rows]
    results = {'pass': {
        rows[0]: [dict(mIoU=10.0), dict(mIoU=11.0)],
        rows[1]: [dict(mIoU=14.0), dict(mIoU=12.0)],
        rows[2]: [dict(mIoU=20.0), dict(mIoU=11.5)],
    }}
    table = claim_table(results)
    # the pipeline's scores have no aAcc
    assert '| 10.50 ± 0.71 | - |' in table
    assert f'{rows[1]} - {rows[0]} = 2.50 ± 2.12 mIoU per seed; ' \
           f'reproduced.' in table
    assert f'{rows[2]} - {rows[1]} = 2.75 ± 4.60 mIoU per seed; NOT' in table
    assert f'{rows[2]} - {rows[0]} = 5.25 ± 6.72 mIoU per seed; ' \
           f'reproduced.' in table
    assert f'{rows[0]} - {rows[2]}' not in table


def test_the_pgg_ablation_adds_one_component_per_row():
    """The stand-in PGG claim is the paper's Table 4 chain: every row's
    config is the previous row's plus one component."""
    from mmengine.config import Config
    models = [Config.fromfile(row.config).model
              for row in CLAIMS['pgg-4ep'].rows]
    neck = [m.neck.type for m in models]
    guidance = [(m.get('guidance_head') or {}).get('head_type')
                for m in models]
    pyramid = [m.get('pyramid') for m in models]
    assert neck == ['LateralFPN'] + ['ContextAwareEmbedding'] * 4
    assert guidance == [None, None, 'cam', 'cam', 'mod']
    assert pyramid[2:] == [False, True, True]
    assert CLAIMS['pgg-4ep'].comparisons()[-1] == (
        '+Mod. (PGG + CAE)', 'PiCIE')


def test_a_run_killed_before_its_last_validation_is_scored_by_testing(
        tmp_path, monkeypatch):
    """Killed after saving its last checkpoint, a run resumes with nothing
    left to train and so never validates: its final checkpoint is scored
    with tools/test.py, not an earlier epoch's validation returned."""
    from mmusseg.apis import claims
    row = CLAIMS['pgg-selfsup'].rows[1]
    work_dir = tmp_path / 'run'
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        if command[1].endswith('train.py'):  # validated at epoch 5 only
            _fake_training(work_dir, row.config, epochs=10,
                           validations={5: 3.0})
        else:
            out = work_dir / 'epoch_10_test' / 'stamp' / 'stamp.json'
            out.parent.mkdir(parents=True)
            out.write_text(json.dumps(dict(mIoU=12.2, aAcc=24.1)))

    monkeypatch.setattr(claims.subprocess, 'run', fake_run)
    metrics = claims.run_row(row, 1, str(work_dir), str(REPO_ROOT))
    assert metrics['mIoU'] == 12.2 and metrics['step'] == 10
    test = commands[1]
    assert test[1].endswith('test.py')
    # the run's own config (its seeds and options) and its last checkpoint
    assert test[2:4] == [str(work_dir / 'pgg_r18_fpn_synthetic.py'),
                         str(work_dir / 'epoch_10.pth')]
    assert json.loads((work_dir / 'claim_metrics.json').read_text()
                      )['mIoU'] == 12.2
    # no checkpoint to score: said so, before running anything
    (work_dir / 'epoch_10.pth').unlink()
    with pytest.raises(FileNotFoundError, match='epoch_10.pth'):
        claims.score_checkpoint(test[2], test[3])
    assert len(commands) == 2
