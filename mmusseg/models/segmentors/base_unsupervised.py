"""Shared inference path of mmusseg segmentors: flip TTA and DenseCRF."""
from abc import abstractmethod

import torch
from mmseg.models import BaseSegmentor
from mmseg.registry import TASK_UTILS
from mmseg.utils import (OptConfigType, OptMultiConfig, OptSampleList,
                         SampleList)
from torch import Tensor


class BaseUnsupervisedSegmentor(BaseSegmentor):
    """Base class of mmusseg segmentors.

    Subclasses implement :meth:`extract_feat`, :meth:`encode_decode` (dense
    logits at the input resolution) and :meth:`loss`. This class owns the
    test-time path, selected in config through ``test_cfg``:

    - ``flip`` (bool): average the logits of the image and of its horizontal
      flip. Defaults to False.
    - ``crf`` (dict, optional): a :class:`mmusseg.models.utils.DenseCRF`
      config. The CRF refines ``softmax(logit_scale * logits)`` on the
      un-normalised input image. Defaults to None (no CRF).
    - ``logit_scale`` (float): temperature of the CRF unaries. STEGO uses 2
      with cosine logits. Defaults to 2.0.

    Args:
        test_cfg (dict, optional): See above. Defaults to None.
        data_preprocessor (dict, optional): A ``SegDataPreProcessor`` config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        test_cfg = dict(test_cfg or {})
        unknown = set(test_cfg) - {'flip', 'crf', 'logit_scale'}
        if unknown:
            raise KeyError(f'Unknown test_cfg keys {sorted(unknown)}; '
                           f"supported: 'flip', 'crf', 'logit_scale'.")
        self.test_cfg = test_cfg
        self.flip_test = bool(test_cfg.get('flip', False))
        self.logit_scale = float(test_cfg.get('logit_scale', 2.0))
        crf_cfg = test_cfg.get('crf')
        self.crf = TASK_UTILS.build(crf_cfg) if crf_cfg else None
        self.align_corners = False

    @abstractmethod
    def encode_decode(self, inputs: Tensor,
                      batch_data_samples: OptSampleList) -> Tensor:
        """Return (B, K, H, W) logits at the resolution of ``inputs``."""

    def _forward(self, inputs: Tensor, data_samples: OptSampleList = None):
        """Network forward without post-processing: the dense features."""
        return self.extract_feat(inputs)

    def predict(self,
                inputs: Tensor,
                data_samples: OptSampleList = None) -> SampleList:
        """Predict with the configured test-time refinement.

        Args:
            inputs (Tensor): (B, 3, H, W) preprocessed images.
            data_samples (list[SegDataSample], optional): Their samples.

        Returns:
            list[SegDataSample]: Samples with ``seg_logits`` and
            ``pred_sem_seg`` at the original (``ori_shape``) resolution.
        """
        logits = self.encode_decode(inputs, data_samples)
        if self.flip_test:
            flipped = self.encode_decode(inputs.flip(-1), data_samples)
            logits = (logits + flipped.flip(-1)) / 2
        return self.postprocess_result(self.refine(logits, inputs),
                                       data_samples)

    def refine(self, logits: Tensor, inputs: Tensor) -> Tensor:
        """Apply the configured DenseCRF (if any) to (B, K, H, W) logits
        of the preprocessed ``inputs``; returns log-probabilities then."""
        if self.crf is None:
            return logits
        probs = torch.softmax(self.logit_scale * logits, dim=1)
        refined = self.crf(self._unnormalise(inputs), probs)
        return refined.clamp_min(1e-8).log()

    def _unnormalise(self, inputs: Tensor) -> Tensor:
        """Recover (B, H, W, 3) uint8 RGB images from preprocessed inputs."""
        preprocessor = self.data_preprocessor
        images = inputs.float()
        if getattr(preprocessor, '_enable_normalize', False):
            images = images * preprocessor.std + preprocessor.mean
        if not getattr(preprocessor, '_channel_conversion', False):
            images = images.flip(1)  # inputs are BGR; the CRF wants RGB
        return images.clamp(0, 255).round().to(torch.uint8).permute(
            0, 2, 3, 1).contiguous()
