import subprocess
from pathlib import Path

import torch

from helpers.runs import torchrun_command
from mmusseg.utils import check_identical_across_ranks

HERE = Path(__file__).parent


def test_single_process_returns_a_fingerprint():
    a = check_identical_across_ranks({'x': torch.tensor([1., 2.])}, 'x')
    b = check_identical_across_ranks({'x': torch.tensor([2., 1.])}, 'x')
    assert a != b  # order matters


def test_two_ranks_detect_a_difference(tmp_path):
    cmd, env = torchrun_command(HERE / 'dist_consistency_worker.py', 2,
                                [str(tmp_path)])
    subprocess.run(cmd, check=True, timeout=300, env=env)
    for rank in (0, 1):
        text = (tmp_path / f'rank{rank}.txt').read_text()
        assert text == 'Centroids differ between ranks: ranks [1] ' \
                       'disagree with rank 0.'
