"""Launcher support shared by ``tools/train.py`` and ``tools/test.py``."""
import os

import torch
import torch.distributed as torch_dist
from mmengine.config import Config


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
