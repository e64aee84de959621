"""Score a linear probe's predictions: the *supervised* protocol."""
from typing import Optional, Sequence

from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS


@METRICS.register_module()
class LinearProbeIoUMetric(IoUMetric):
    """mmseg's IoU on ``pred_linear_sem_seg`` (a linear probe trained with
    labels, e.g. STEGO's), reported under the ``linear_probe`` prefix so it
    is never mistaken for an unsupervised score. Use it next to
    :class:`HungarianIoUMetric` in ``val_evaluator``.

    Args:
        prefix (str): Metric name prefix. Defaults to ``'linear_probe'``.
        **kwargs: Other ``IoUMetric`` arguments.
    """

    def __init__(self, prefix: Optional[str] = 'linear_probe',
                 **kwargs) -> None:
        super().__init__(prefix=prefix, **kwargs)

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Score ``pred_linear_sem_seg`` instead of ``pred_sem_seg``."""
        renamed = []
        for sample in data_samples:
            if 'pred_linear_sem_seg' not in sample:
                raise KeyError('LinearProbeIoUMetric needs '
                               'pred_linear_sem_seg: the model has no '
                               'linear probe (set num_classes).')
            renamed.append(
                dict(sample, pred_sem_seg=sample['pred_linear_sem_seg']))
        super().process(data_batch, renamed)
