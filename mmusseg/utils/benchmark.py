"""Shared pieces of the benchmarks in tools/analysis_tools/."""
import os
import time

import torch
from mmengine.config import Config
from mmengine.runner import Runner

from .peak_memory import PeakMemory


def sync() -> None:
    """Wait for queued CUDA work, so that timings include it."""
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def device_name() -> str:
    """The GPU's name, or the CPU core count."""
    if torch.cuda.is_available():
        return torch.cuda.get_device_name()
    return f'CPU, {os.cpu_count()} cores'


def build_runner(cfg: Config) -> Runner:
    """A runner with its train loop, optimizer and initial weights ready,
    as ``Runner.train`` leaves them before the first epoch."""
    runner = Runner.from_cfg(cfg)
    runner._train_loop = runner.build_train_loop(runner._train_loop)
    runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    runner._init_model_weights()
    return runner


def find_hook(runner: Runner, hook_type):
    """The first hook of ``hook_type``, or None."""
    return next((h for h in runner.hooks if isinstance(h, hook_type)), None)


def time_training(runner: Runner, max_iters: int, plain: bool):
    """Seconds, iterations, images and peak memory of ``max_iters`` train
    steps, or of the same batches through a plain encoder forward+backward
    (``plain=True``: one view per image for models that train on views,
    loss = mean of the features)."""
    model, optim = runner.model, runner.optim_wrapper
    model.train()
    memory = PeakMemory()
    iters = images = 0
    with memory.measure():
        sync()
        start = time.perf_counter()
        for data in runner.train_dataloader:
            if plain:
                with optim.optim_context(model):
                    data = model.data_preprocessor(data, True)
                    inputs = data['inputs']
                    if hasattr(model, 'make_views'):  # one view, as trained
                        with torch.no_grad():
                            inputs = model.make_views(
                                inputs, data['data_samples'])[0]
                    loss = model.extract_feat(inputs).float().mean()
                optim.update_params(loss)
            else:
                model.train_step(data, optim)
            iters += 1
            images += len(data['data_samples'])
            if iters == max_iters:
                break
        sync()
    return time.perf_counter() - start, iters, images, memory
