"""finish_distributed ends torchrun workers cleanly, atexit included."""
import subprocess
from pathlib import Path

import torch.distributed as dist

from helpers.runs import torchrun_command
from mmusseg.utils import finish_distributed

HERE = Path(__file__).parent


def test_without_a_process_group_it_does_nothing():
    assert not dist.is_initialized()
    assert finish_distributed() is None


def test_two_workers_destroy_the_group_run_atexit_and_exit_0(tmp_path):
    cmd, env = torchrun_command(HERE / 'dist_finish_worker.py', 2,
                                [str(tmp_path)])
    proc = subprocess.run(cmd, env=env, timeout=300, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.returncode == 0, proc.stdout[-3000:]
    for rank in (0, 1):
        # the atexit handlers ran, after the group was destroyed ...
        assert (tmp_path / f'atexit{rank}.txt').read_text() == 'False'
        # ... and the worker ended there, before interpreter finalisation
        assert not (tmp_path / f'returned{rank}.txt').exists()
