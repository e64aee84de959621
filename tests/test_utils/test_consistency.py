import os
import socket
import subprocess
import sys
from pathlib import Path

import torch

from mmusseg.utils import check_identical_across_ranks

HERE = Path(__file__).parent


def test_single_process_returns_a_fingerprint():
    a = check_identical_across_ranks({'x': torch.tensor([1., 2.])}, 'x')
    b = check_identical_across_ranks({'x': torch.tensor([2., 1.])}, 'x')
    assert a != b  # order matters


def test_two_ranks_detect_a_difference(tmp_path):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    subprocess.run([
        sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2',
        f'--master_port={port}', str(HERE / 'dist_consistency_worker.py'),
        str(tmp_path)
    ], check=True, timeout=300, env={**os.environ, 'OMP_NUM_THREADS': '1'})
    for rank in (0, 1):
        text = (tmp_path / f'rank{rank}.txt').read_text()
        assert text == 'Centroids differ between ranks: ranks [1] ' \
                       'disagree with rank 0.'
