"""Peak host and CUDA memory of a block of code, for the benchmarks."""
import threading
from contextlib import contextmanager
from typing import Iterator

import psutil
import torch


class PeakMemory:
    """Peak host RSS (sampled every 5 ms) and peak CUDA memory of a block,
    in MiB above what was in use when it started."""

    def __init__(self) -> None:
        self.host_mib = 0.0
        self.host_peak_mib = 0.0
        self.cuda_mib = 0.0

    def __str__(self) -> str:
        text = (f'peak memory +{self.host_mib:.0f} MiB host (RSS '
                f'{self.host_peak_mib:.0f} MiB)')
        if torch.cuda.is_available():
            text += f', +{self.cuda_mib:.0f} MiB CUDA'
        return text

    @contextmanager
    def measure(self) -> Iterator['PeakMemory']:
        process = psutil.Process()
        start = process.memory_info().rss
        peak = [start]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.005):
                peak[0] = max(peak[0], process.memory_info().rss)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            cuda_start = torch.cuda.memory_allocated()
        try:
            yield self
        finally:
            done.set()
            thread.join()
            peak[0] = max(peak[0], process.memory_info().rss)
            self.host_mib = (peak[0] - start) / 2**20
            self.host_peak_mib = peak[0] / 2**20
            if torch.cuda.is_available():
                torch.cuda.synchronize()
                self.cuda_mib = (torch.cuda.max_memory_allocated() -
                                 cuda_start) / 2**20
