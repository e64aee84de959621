"""Config and launcher handling shared by ``tools/train.py``, ``test.py``
and ``pass_pipeline.py``."""
import argparse
import atexit
import os
import os.path as osp
import sys
from typing import Optional

import torch
import torch.distributed as torch_dist
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope


def setup_cpu_distributed(cfg: Config) -> bool:
    """Make ``--launcher pytorch`` work on a machine without CUDA.

    mmengine's ``pytorch`` launcher calls ``torch.cuda.set_device``
    unconditionally, and ``MMDistributedDataParallel`` defaults to
    ``device_ids=[local_rank]``. On a CPU-only machine this function
    initialises a ``gloo`` process group from the ``torchrun`` environment
    (so the runner skips its own initialisation) and makes the model wrapper
    use ``device_ids=None``.

    Args:
        cfg (Config): The full config; ``cfg.launcher`` must already be set.

    Returns:
        bool: True when a CPU process group was set up, False otherwise
        (CUDA available, non-distributed launch, or already initialised).
    """
    if cfg.get('launcher', 'none') != 'pytorch' or torch.cuda.is_available():
        return False
    missing = [k for k in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')
               if k not in os.environ]
    if missing:
        raise RuntimeError(
            f'--launcher pytorch needs the torchrun environment variables '
            f'{missing}; start the job with tools/dist_train.sh or '
            f'`python -m torch.distributed.run`.')
    if not torch_dist.is_initialized():
        torch_dist.init_process_group(
            backend='gloo',
            rank=int(os.environ['RANK']),
            world_size=int(os.environ['WORLD_SIZE']))
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel')
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    return True


def add_cfg_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--cfg-options key=value ...`` (mmengine's ``DictAction``)."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, in xxx=yyy format')


def read_config(path: str,
                cfg_options: Optional[dict] = None,
                init_scope: bool = False) -> Config:
    """Load a config file with ``--cfg-options`` merged in.

    Args:
        path (str): The config file.
        cfg_options (dict, optional): Parsed ``--cfg-options``.
        init_scope (bool): Also make the config's ``default_scope``
            (``'mmseg'`` without one) the current registry scope, as tools
            that build models or datasets without a runner need.
            Defaults to False.

    Returns:
        Config: The config.
    """
    # custom_imports may name packages of the repository, e.g.
    # ``projects.cause.cause`` (MMSegmentation's projects/ convention): make
    # the working directory (the repository root) importable, as
    # ``python -m`` does, before the config imports them.
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if init_scope:
        init_default_scope(cfg.get('default_scope', 'mmseg'))
    return cfg


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """Add the arguments the training and test tools take: work dir,
    overrides, launcher."""
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    add_cfg_options(parser)
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def load_config(args: argparse.Namespace) -> Config:
    """Load ``args.config`` with the common arguments applied.

    Sets the launcher, merges ``--cfg-options``, and picks the work dir
    (command line, then config, then ``work_dirs/<config name>``).
    """
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    cfg = read_config(args.config, args.cfg_options)
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    return cfg


def finish_distributed() -> None:
    """End a distributed worker cleanly once every rank is done.

    All ranks meet at a barrier and the process group is destroyed; then the
    ``atexit`` handlers run (the DenseCRF worker pool, visualiser backends,
    ``logging.shutdown``), the standard streams are flushed and the worker
    exits with status 0 without the interpreter's finalisation. That
    finalisation is skipped on purpose: destroying torch's C++ state there
    can still abort a ``gloo`` worker with "terminate called without an
    active exception" (seen in 2-process runs even after the group was
    destroyed), which torchrun reports as a failed run although all the
    work is done. Does nothing, and returns, without a process group.
    """
    if not (torch_dist.is_available() and torch_dist.is_initialized()):
        return
    torch_dist.barrier()
    torch_dist.destroy_process_group()
    atexit._run_exitfuncs()  # what a normal exit would run, in order
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
