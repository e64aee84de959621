"""On-disk caches of per-dataset precomputations (KNN tables, PGG labels).

A cache file is keyed by everything its content depends on: the image
list, the weights that computed it and the settings; changing any of them
gives another file, so a stale cache is never loaded.
"""
import hashlib
import json
import os.path as osp
from typing import Dict, Optional

import torch
from mmengine.dist import barrier, is_main_process
from mmengine.utils import mkdir_or_exist
from torch import Tensor


def cache_path(cache_dir: str, prefix: str, dataset,
               tensors: Dict[str, Tensor], settings: dict) -> str:
    """``cache_dir/<prefix>_<digest>.pth`` for this dataset's image list,
    these tensors (e.g. a state dict) and these JSON-able settings."""
    digest = hashlib.sha1()
    for i in range(len(dataset)):
        digest.update(str(dataset.get_data_info(i)['img_path']).encode())
    for name, tensor in sorted(tensors.items()):
        digest.update(name.encode())
        digest.update(tensor.detach().float().cpu().numpy().tobytes())
    digest.update(json.dumps(settings, sort_keys=True,
                             default=str).encode())
    return osp.join(cache_dir, f'{prefix}_{digest.hexdigest()[:16]}.pth')


def load_cache(path: str) -> Optional[dict]:
    """The cached dict at ``path``, or None if there is none."""
    if not osp.isfile(path):
        return None
    return torch.load(path, map_location='cpu')


def save_cache(path: str, content: dict) -> None:
    """Write ``content`` from rank 0; all ranks wait for it."""
    if is_main_process():
        mkdir_or_exist(osp.dirname(path))
        torch.save(content, path)
    barrier()
