"""A train loop for methods fitted by hooks rather than by gradients."""
from typing import Dict, Union

from mmengine.runner import BaseLoop
from mmseg.registry import LOOPS
from torch.utils.data import DataLoader


@LOOPS.register_module()
class NonParametricTrainLoop(BaseLoop):
    """Run one epoch of hooks and no optimisation step.

    Non-parametric methods such as the k-means baseline are "trained" by a
    hook (:class:`mmusseg.engine.hooks.ClusteringHook` fits its centroids in
    ``before_train_epoch``). This loop calls the epoch hooks once, so the
    usual hooks still work: the checkpoint hook saves the fitted centroids
    after the epoch and the runner validates afterwards. Resuming a finished
    run skips the fitting and only validates.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader or dict): The train dataloader; the clustering
            hook streams it.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict]) -> None:
        super().__init__(runner, dataloader)
        self._epoch = 0
        self._iter = 0

    @property
    def max_epochs(self) -> int:
        """int: Always 1."""
        return 1

    @property
    def max_iters(self) -> int:
        """int: Always 0: there is no optimisation step."""
        return 0

    @property
    def epoch(self) -> int:
        """int: 1 once the hooks have fitted the model, else 0."""
        return self._epoch

    @property
    def iter(self) -> int:
        """int: Always 0."""
        return self._iter

    def run(self):
        """Fit through the epoch hooks, then validate."""
        self.runner.call_hook('before_train')
        if self._epoch < self.max_epochs:
            self.runner.call_hook('before_train_epoch')
            self.runner.call_hook('after_train_epoch')
            self._epoch += 1
        else:
            self.runner.logger.info(
                'Resumed a finished fit; skipping straight to validation.')
        if self.runner.val_loop is not None:
            self.runner.val_loop.run()
        self.runner.call_hook('after_train')
        return self.runner.model
