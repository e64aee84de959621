"""Run configs end to end in tests: shrink them and call the real tools
of the repository (test-only: these helpers need the source tree)."""
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterable, List, Optional, Tuple

from mmengine.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 now, for ``--master_port``."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def torchrun_command(script: Path,
                     nproc: int,
                     args: Iterable[str] = (),
                     env: Optional[Dict[str, str]] = None
                     ) -> Tuple[List[str], Dict[str, str]]:
    """The command line and environment that start ``script`` in
    ``nproc`` processes through ``torchrun`` on a free port, one thread
    each.

    Args:
        script (Path): The Python script every process runs.
        nproc (int): Number of processes.
        args (Iterable[str]): Arguments of the script.
        env (dict, optional): Extra environment variables.

    Returns:
        tuple[list[str], dict]: The command and its environment.
    """
    full_env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONUNBUFFERED='1')
    full_env.update(env or {})
    cmd = [sys.executable, '-m', 'torch.distributed.run',
           f'--nproc_per_node={nproc}', f'--master_port={free_port()}',
           str(script), *args]
    return cmd, full_env


def _walk(node: Any) -> Iterable[dict]:
    """Yield every dict nested in lists/dicts of a config."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


def shrink_config(cfg: Config,
                  work_dir: str,
                  data_root: Optional[str] = None,
                  batch_size: int = 2,
                  dataset_overrides: Optional[Dict[str, Any]] = None
                  ) -> Config:
    """Make a config cheap enough for a test, keeping its structure.

    Dataloaders (those of the runner and those given to custom hooks) get
    ``num_workers=0`` and a small batch; every dataset gets ``data_root``
    (and ``dataset_overrides``) when given, through ``ConcatDataset`` and
    wrappers too.

    Args:
        cfg (Config): The loaded config, modified in place.
        work_dir (str): Work dir of the run.
        data_root (str, optional): Replaces every ``data_root``.
        batch_size (int): Batch size of every dataloader. Defaults to 2.
        dataset_overrides (dict, optional): Extra keys set on every dataset
            that has a ``data_root``.

    Returns:
        Config: ``cfg`` itself.
    """
    cfg.work_dir = work_dir
    loaders = [cfg.get(name) for name in
               ('train_dataloader', 'val_dataloader', 'test_dataloader')]
    loaders += [hook.get('dataloader') for hook in cfg.get('custom_hooks', [])]
    for loader in loaders:
        if not isinstance(loader, dict):
            continue
        loader.update(num_workers=0, persistent_workers=False,
                      batch_size=batch_size)
        for node in _walk(loader.dataset):
            if 'data_root' in node:
                if data_root is not None:
                    node['data_root'] = data_root
                node.update(dataset_overrides or {})
    return cfg


def load_tool_module(path: Path) -> ModuleType:
    """Import a script under ``tools/`` (not a package) as a module, to
    test its functions."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dump_config(cfg: Config, path: Path) -> Path:
    """Write ``cfg`` to ``path`` (a ``.py`` file) and return the path."""
    cfg.dump(str(path))
    return path


def tool_command(args: List[str],
                 nproc: int = 1,
                 env: Optional[Dict[str, str]] = None
                 ) -> Tuple[List[str], Dict[str, str]]:
    """The command line and environment that run a script under ``tools/``
    like a user would (through ``torchrun`` when ``nproc > 1``)."""
    script = REPO_ROOT / args[0]
    if nproc > 1:
        return torchrun_command(script, nproc,
                                [*args[1:], '--launcher', 'pytorch'], env)
    full_env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONUNBUFFERED='1')
    full_env.update(env or {})
    return [sys.executable, str(script), *args[1:]], full_env


def run_tool(args: List[str],
             nproc: int = 1,
             timeout: int = 900,
             env: Optional[Dict[str, str]] = None) -> str:
    """Run a script under ``tools/`` like a user would, returning its output.

    Args:
        args (list[str]): Script path relative to the repository root, then
            its arguments.
        nproc (int): With more than 1, launch through ``torchrun`` and add
            ``--launcher pytorch``.
        timeout (int): Seconds before the run is killed. Defaults to 900.
        env (dict, optional): Extra environment variables.

    Returns:
        str: Combined stdout and stderr.

    Raises:
        RuntimeError: If the process fails, with its output.
    """
    cmd, full_env = tool_command(args, nproc, env)
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=full_env, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if proc.returncode != 0:
        raise RuntimeError(f'{" ".join(cmd)} failed with code '
                           f'{proc.returncode}:\n{proc.stdout[-6000:]}')
    return proc.stdout


def kill_after_checkpoint(args: List[str], checkpoint: str,
                          timeout: int = 900,
                          run_dir: Optional[str] = None) -> None:
    """Start a training tool and SIGKILL it as soon as ``last_checkpoint``
    in its work dir (``run_dir``, by default ``--work-dir`` in ``args``)
    names ``checkpoint``.

    Raises:
        RuntimeError: If the run ends or times out before that.
    """
    work_dir = Path(run_dir or args[args.index('--work-dir') + 1])
    cmd, full_env = tool_command(args)
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=full_env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    marker = work_dir / 'last_checkpoint'
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if marker.exists() and marker.read_text().strip().endswith(
                    checkpoint):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    raise RuntimeError(f'{" ".join(cmd)} ended (code {proc.returncode}) '
                       f'before writing {checkpoint}.')


def last_metrics(work_dir: str) -> Dict[str, float]:
    """Metrics of the latest evaluation logged under ``work_dir``."""
    files = sorted(Path(work_dir).glob('*/vis_data/scalars.json'),
                   key=lambda p: p.stat().st_mtime)
    if not files:
        raise FileNotFoundError(f'No scalars.json under {work_dir}.')
    metrics: Dict[str, float] = {}
    for line in files[-1].read_text().splitlines():
        record = json.loads(line)
        if 'mIoU' in record:
            metrics = record
    return metrics
