"""The stand-in pretrained weights: what they are, and how to build them.

Every published result starts from weights trained on ImageNet (supervised
ResNet-18 for PiCIE, MoCo v2 for PGG, DINO for STEGO), which cannot be
downloaded here. The stand-ins are trained by mmpretrain with the configs
in ``configs/standin/`` on the procedural object corpus
(``mmusseg.datasets.standin_objects``), then written to fixed paths in the
layouts the real releases have after mmusseg's converters, so that a
config loads a stand-in exactly as it loads the real file.
"""
import os
import os.path as osp
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence

import torch
from mmengine.config import Config
from torch import Tensor

from mmusseg.utils.converters import classifier_backbone, save_converted


def _moco_encoder(checkpoint: dict) -> Dict[str, Tensor]:
    """MoCo v2's query encoder as mmpretrain saves it (``backbone.*``,
    ``neck.*``): what ``GlobalEncoder`` and the PGG configs load."""
    state = checkpoint['state_dict']
    return {k: v for k, v in state.items()
            if k.startswith(('backbone.', 'neck.'))}


@dataclass(frozen=True)
class StandinWeights:
    """One stand-in: the config that trains it, where it goes, in which
    layout, what it stands in for, and about how long it takes."""
    config: str
    output: str
    convert: Callable[[dict], Dict[str, Tensor]]
    stands_in_for: str
    minutes_on_2_cores: int


STANDIN_WEIGHTS = {
    'resnet18_supervised':
    StandinWeights(
        'configs/standin/resnet18_supervised_standin.py',
        'checkpoints/standin/resnet18_supervised.pth',
        lambda ckpt: classifier_backbone(ckpt, keep_fc=True),
        "torchvision's supervised ImageNet ResNet-18", 12),
    'resnet18_mocov2':
    StandinWeights('configs/standin/resnet18_mocov2_standin.py',
                   'checkpoints/standin/resnet18_mocov2.pth', _moco_encoder,
                   'the official MoCo v2 ResNet release', 15),
    'vit-tiny_p8_supervised':
    StandinWeights('configs/standin/vit-tiny_p8_supervised_standin.py',
                   'checkpoints/standin/vit-tiny_p8_supervised.pth',
                   classifier_backbone,
                   "DINO's ViT-S/8 after dino2mmpretrain.py", 6),
}


def cpu_env() -> Dict[str, str]:
    """The environment for a training subprocess: one intra-op thread
    unless the user set ``OMP_NUM_THREADS`` (what ``torchrun`` does too).
    On a small CPU machine, torch's default of one thread per core competes
    with the dataloader workers and other processes, and spin-waiting
    threads then make training many times slower."""
    return {'OMP_NUM_THREADS': '1', **os.environ}


def _final_checkpoint(cfg: Config, work_dir: str) -> Optional[str]:
    """The training's last-epoch checkpoint, if the run finished."""
    path = osp.join(work_dir, f'epoch_{cfg.train_cfg.max_epochs}.pth')
    return path if osp.isfile(path) else None


def build_standin(names: Optional[Iterable[str]] = None,
                  work_dir_root: str = 'work_dirs/standin',
                  root: str = '.',
                  output_root: Optional[str] = None,
                  train_args: Sequence[str] = ()) -> List[str]:
    """Build the stand-in weights that are missing, and return their paths.

    A stand-in whose output exists is skipped. Otherwise its config is
    trained with ``tools/train.py`` in ``work_dir_root/NAME`` (resuming an
    interrupted run; the corpus is generated on first use) and its last
    checkpoint converted to the output path.

    Args:
        names (Iterable[str], optional): Keys of :data:`STANDIN_WEIGHTS`.
            Defaults to all.
        work_dir_root (str): Where the trainings run, relative to ``root``.
        root (str): The repository root, where ``configs/`` and
            ``tools/train.py`` are. Defaults to the current directory.
        output_root (str, optional): Where the ``checkpoints/standin/``
            outputs go. Defaults to ``root``.
        train_args (Sequence[str]): Extra ``tools/train.py`` arguments
            (e.g. ``['--cfg-options', 'train_cfg.max_epochs=1']``).
    """
    names = list(STANDIN_WEIGHTS if names is None else names)
    unknown = sorted(set(names) - set(STANDIN_WEIGHTS))
    if unknown:
        raise KeyError(f'Unknown stand-in weights {unknown}; known: '
                       f'{sorted(STANDIN_WEIGHTS)}.')
    outputs = []
    for step, name in enumerate(names, 1):
        spec = STANDIN_WEIGHTS[name]
        output = osp.join(output_root or root, spec.output)
        outputs.append(output)
        head = f'[{step}/{len(names)}] {name} ({spec.stands_in_for})'
        if osp.isfile(output):
            print(f'{head}: cached at {spec.output}', flush=True)
            continue
        config = osp.join(root, spec.config)
        work_dir = osp.join(root, work_dir_root, name)
        cfg = Config.fromfile(config)
        checkpoint = _final_checkpoint(cfg, work_dir)
        if checkpoint is None:
            print(f'{head}: training {spec.config} (about '
                  f'{spec.minutes_on_2_cores} min on 2 CPU cores) ...',
                  flush=True)
            start = time.time()
            command = [
                sys.executable,
                osp.join(root, 'tools', 'train.py'), config, '--work-dir',
                work_dir
            ]
            if osp.isfile(osp.join(work_dir, 'last_checkpoint')):
                command.append('--resume')
            subprocess.run(command + list(train_args), cwd=root,
                           env=cpu_env(), check=True)
            checkpoint = _final_checkpoint(Config.fromfile(config),
                                           work_dir) or _last(work_dir)
            print(f'{head}: trained in {(time.time() - start) / 60:.1f} min',
                  flush=True)
        state = spec.convert(
            torch.load(checkpoint, map_location='cpu', weights_only=False))
        save_converted(state, output,
                       dict(converted_from=checkpoint, config=spec.config))
        print(f'{head}: wrote {spec.output}', flush=True)
    return outputs


def _last(work_dir: str) -> str:
    """The checkpoint mmengine recorded last in ``work_dir``."""
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()
