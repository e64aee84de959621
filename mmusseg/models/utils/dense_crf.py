"""DenseCRF refinement in worker processes that never hang."""
import atexit
import multiprocessing
import os
import weakref
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Optional, Union

import numpy as np
import pydensecrf.densecrf as dcrf
import torch
from mmseg.registry import TASK_UTILS
from pydensecrf.utils import unary_from_softmax

# ImageNet statistics on [0, 1] images, as torchvision's Normalize uses them
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def stego_crf_image(rgb: torch.Tensor) -> torch.Tensor:
    """The image that STEGO's evaluation gives DenseCRF, from the RGB image.

    mhamilton723/STEGO (``src/crf.py``, ``dense_crf``) receives the
    normalised [0, 1] tensor, un-normalises it in float32, scales it by 255,
    truncates to uint8 (torchvision's ``to_pil_image``) and reverses the
    channels (BGR). The float32 round trip leaves some values just below an
    integer, which truncation lowers by one. This function repeats that
    arithmetic on the exact uint8 image, so the CRF sees STEGO's pixels.

    Args:
        rgb (Tensor): (B, H, W, 3) uint8 RGB images.

    Returns:
        Tensor: (B, H, W, 3) uint8 BGR images.
    """
    image = rgb.permute(0, 3, 1, 2).float().div(255)
    channels = []
    for c, (mean, std) in enumerate(zip(IMAGENET_MEAN, IMAGENET_STD)):
        normalised = (image[:, c] - torch.tensor(mean)) / torch.tensor(std)
        channels.append(normalised.mul(std).add(mean))
    restored = torch.stack(channels, dim=1).mul(255).to(torch.uint8)
    return restored.flip(1).permute(0, 2, 3, 1).contiguous()


def refine_one(image: np.ndarray, probs: np.ndarray,
               params: dict) -> np.ndarray:
    """Run DenseCRF on one image (module-level so worker processes can run it).

    Args:
        image (np.ndarray): (H, W, 3) uint8 colour image (the bilateral
            kernel's colours; STEGO passes BGR, see :func:`stego_crf_image`).
        probs (np.ndarray): (K, H, W) float32 class probabilities.
        params (dict): ``DenseCRF`` parameters.

    Returns:
        np.ndarray: (K, H, W) float32 refined probabilities.
    """
    num_classes, height, width = probs.shape
    crf = dcrf.DenseCRF2D(width, height, num_classes)
    crf.setUnaryEnergy(np.ascontiguousarray(unary_from_softmax(probs)))
    crf.addPairwiseGaussian(sxy=params['pos_xy_std'],
                            compat=params['pos_w'])
    crf.addPairwiseBilateral(
        sxy=params['bi_xy_std'], srgb=params['bi_rgb_std'],
        rgbim=np.ascontiguousarray(image), compat=params['bi_w'])
    refined = np.array(crf.inference(params['num_iters']), dtype=np.float32)
    return refined.reshape(num_classes, height, width)


def _worker_ready() -> int:
    """No-op job whose unpickling imports this module in a worker."""
    return os.getpid()


def _shutdown(pool: ProcessPoolExecutor) -> None:
    """Stop a pool without waiting on jobs that may never finish."""
    processes = list((getattr(pool, '_processes', None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


@TASK_UTILS.register_module()
class DenseCRF:
    """Fully connected CRF on per-pixel class probabilities (pydensecrf2).

    The defaults are STEGO's: 10 mean-field iterations, unary from the
    softmax, a Gaussian (smoothness) kernel with ``sxy=1, compat=3`` and a
    bilateral (appearance) kernel with ``sxy=67, srgb=3, compat=4`` on the
    un-normalised image (:class:`mmusseg.models.STEGO` passes STEGO's
    truncated BGR image by default, see :func:`stego_crf_image`).

    With ``num_workers > 0`` images are refined in a pool of processes
    started with ``spawn`` (safe under OpenMP/torch threads, DataLoader
    workers and DDP), created on first use and reused. Every job is waited
    for at most ``timeout`` seconds; a timeout or a dead worker shuts the
    pool down and raises a ``RuntimeError`` instead of hanging. The pool is
    never copied or pickled with the object, and it is shut down when the
    object is collected or the interpreter exits.

    Args:
        num_iters (int): Mean-field iterations. Defaults to 10.
        pos_xy_std (float): Gaussian kernel spatial std. Defaults to 1.0.
        pos_w (float): Gaussian kernel weight. Defaults to 3.0.
        bi_xy_std (float): Bilateral kernel spatial std. Defaults to 67.0.
        bi_rgb_std (float): Bilateral kernel colour std. Defaults to 3.0.
        bi_w (float): Bilateral kernel weight. Defaults to 4.0.
        num_workers (int): Worker processes; 0 refines inline.
            Defaults to 0.
        timeout (float): Seconds allowed per image. Defaults to 120.0.
    """

    def __init__(self,
                 num_iters: int = 10,
                 pos_xy_std: float = 1.0,
                 pos_w: float = 3.0,
                 bi_xy_std: float = 67.0,
                 bi_rgb_std: float = 3.0,
                 bi_w: float = 4.0,
                 num_workers: int = 0,
                 timeout: float = 120.0) -> None:
        if num_iters < 1 or num_workers < 0 or timeout <= 0:
            raise ValueError('DenseCRF needs num_iters >= 1, num_workers >= '
                             '0 and timeout > 0.')
        self.params = dict(num_iters=num_iters, pos_xy_std=pos_xy_std,
                           pos_w=pos_w, bi_xy_std=bi_xy_std,
                           bi_rgb_std=bi_rgb_std, bi_w=bi_w)
        self.num_workers = num_workers
        self.timeout = timeout
        self._pool: Optional[ProcessPoolExecutor] = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state['_pool'] = None
        return state

    def __deepcopy__(self, memo) -> 'DenseCRF':
        clone = DenseCRF.__new__(DenseCRF)
        clone.__dict__.update(self.__getstate__())
        clone.params = dict(self.params)
        return clone

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.num_workers,
                mp_context=multiprocessing.get_context('spawn'))
            weakref.finalize(self, _shutdown, self._pool)
            atexit.register(_shutdown, self._pool)
            # Start every worker now (each imports torch and mmusseg, which
            # takes seconds), so later calls are not charged for it.
            starting = [self._pool.submit(_worker_ready)
                        for _ in range(self.num_workers)]
            self._wait(starting)
        return self._pool

    def close(self) -> None:
        """Shut the worker pool down (it restarts on the next call)."""
        if self._pool is not None:
            _shutdown(self._pool)
            self._pool = None

    def __call__(self, images: Union[np.ndarray, torch.Tensor],
                 probs: Union[np.ndarray, torch.Tensor]):
        """Refine a batch.

        Args:
            images (np.ndarray | Tensor): (B, H, W, 3) uint8 colour images.
            probs (np.ndarray | Tensor): (B, K, H, W) probabilities.

        Returns:
            np.ndarray | Tensor: (B, K, H, W) float32 refined
            probabilities, of the type (and device) of ``probs``.
        """
        like = probs if isinstance(probs, torch.Tensor) else None
        if isinstance(images, torch.Tensor):
            images = images.detach().cpu().numpy()
        if like is not None:
            probs = like.detach().float().cpu().numpy()
        if (images.dtype != np.uint8 or images.ndim != 4
                or images.shape[3] != 3):
            raise ValueError(f'DenseCRF expects (B, H, W, 3) uint8 '
                             f'images, got {images.dtype} {images.shape}.')
        if probs.ndim != 4 or probs.shape[0] != images.shape[0] or \
                probs.shape[2:] != images.shape[1:3]:
            raise ValueError(f'DenseCRF: probabilities {probs.shape} do not '
                             f'match images {images.shape} (need B, K, H, W).')
        probs = np.ascontiguousarray(probs, dtype=np.float32)
        images = np.ascontiguousarray(images)
        if self.num_workers == 0:
            out = [
                refine_one(i, p, self.params) for i, p in zip(images, probs)
            ]
        else:
            out = self._run_in_pool(images, probs)
        refined = np.stack(out)
        if like is not None:
            return torch.from_numpy(refined).to(like.device)
        return refined

    def _run_in_pool(self, images, probs) -> list:
        pool = self._get_pool()
        return self._wait([pool.submit(refine_one, i, p, self.params)
                           for i, p in zip(images, probs)])

    def _wait(self, futures) -> list:
        """Collect results, or shut the pool down and raise on failure."""
        try:
            return [f.result(timeout=self.timeout) for f in futures]
        except (FutureTimeout, BrokenProcessPool) as err:
            self.close()
            reason = ('timed out' if isinstance(err, FutureTimeout) else
                      'lost a worker process')
            raise RuntimeError(
                f'DenseCRF worker pool {reason} ({type(err).__name__}); the '
                f'pool was shut down. Raise `timeout` or use num_workers=0 '
                f'to refine in the main process.') from err
