"""An EncoderDecoder that predicts large images as PASS's inference does."""
from typing import Tuple

import torch.nn.functional as F
from mmengine.structures import PixelData
from mmseg.models import EncoderDecoder
from mmseg.registry import MODELS
from mmseg.utils import OptSampleList, SampleList
from torch import Tensor


def capped_upsample_prediction(logits: Tensor, size: Tuple[int, int],
                               max_res: int = 1000) -> Tensor:
    """The (H, W) class map of (1, C, h, w) ``logits`` at ``size``.

    As LUSSeg/PASS ``inference.py``: the logits are upsampled bilinearly
    (``align_corners=False``) to ``size`` and the argmax taken; when
    ``H * W > max_res ** 2`` (and ``max_res > 0``), they are upsampled to
    ``(max_res, int(max_res * W / H))`` instead (height ``max_res``,
    whatever the orientation), the argmax taken there and the class map
    upsampled to ``size`` by nearest neighbour, which bounds the memory
    the logits take.
    """
    height, width = size
    if max_res > 0 and height * width > max_res * max_res:
        logits = F.interpolate(logits, (max_res, int(max_res * width /
                                                     height)),
                               mode='bilinear', align_corners=False)
        labels = logits.argmax(dim=1, keepdim=True)
        labels = F.interpolate(labels.float(), (height, width),
                               mode='nearest').long()
    else:
        logits = F.interpolate(logits, (height, width), mode='bilinear',
                               align_corners=False)
        labels = logits.argmax(dim=1, keepdim=True)
    return labels[0, 0]


@MODELS.register_module()
class CappedUpsampleEncoderDecoder(EncoderDecoder):
    """mmseg's ``EncoderDecoder`` whose test-time prediction follows
    LUSSeg/PASS ``inference.py``: the decode head's logits, at the
    network's stride, go straight to the original image size through
    :func:`capped_upsample_prediction` (no intermediate resize to the input
    size, and a cap of ``max_res`` x ``max_res`` pixels on the upsampled
    logits). Feed each image unpadded, one per batch, as the reference does
    (no ``test_cfg`` padding in the data preprocessor).

    Training is unchanged. ``seg_logits`` are not attached to the
    predictions (at the original size they are what the cap avoids).

    Args:
        max_res (int): Images with more than ``max_res ** 2`` pixels are
            predicted at height ``max_res`` then upsampled by nearest
            neighbour; 0 disables the cap. Defaults to 1000.
        **kwargs: :class:`mmseg.models.EncoderDecoder` arguments.
    """

    def __init__(self, max_res: int = 1000, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_res = max_res

    def predict(self,
                inputs: Tensor,
                data_samples: OptSampleList = None) -> SampleList:
        """Class maps at each image's ``ori_shape``."""
        if data_samples is None:
            raise ValueError('CappedUpsampleEncoderDecoder.predict needs the '
                             'data samples (their ori_shape).')
        logits = self.decode_head(self.extract_feat(inputs))
        for i, sample in enumerate(data_samples):
            if sample.metainfo.get('flip') or any(
                    sample.metainfo.get('padding_size', ())):
                raise ValueError(
                    'CappedUpsampleEncoderDecoder predicts unpadded, '
                    'unflipped images: drop test-time flips and the data '
                    "preprocessor's test_cfg padding.")
            pred = capped_upsample_prediction(
                logits[i:i + 1].float(), tuple(sample.metainfo['ori_shape']),
                self.max_res)
            sample.set_data(dict(pred_sem_seg=PixelData(data=pred[None])))
        return data_samples
