"""STEGO's five-cropped training set, computed on the fly."""
from typing import Union

from mmengine.dataset import BaseDataset
from mmseg.registry import DATASETS

from .transforms.five_crop import CROP_NAMES


@DATASETS.register_module()
class FiveCropDataset:
    """Every image of ``dataset`` as five samples: its four corner crops and
    its centre crop, each ``crop_ratio`` of the image's height and width
    (see :class:`FiveCrop` for the shape and JPEG options).

    STEGO writes these crops to disk before training; here sample ``i`` is
    crop ``i % 5`` of image ``i // 5``, cut by the :class:`FiveCrop`
    transform that the wrapped dataset's pipeline must contain, right after
    loading. Nothing is copied. ``sample_idx`` is the crop's index, so KNN
    tables and PiCIE-style views address crops.

    Args:
        dataset (BaseDataset | dict): The dataset to crop (or its config).
        crop_ratio (float): Crop side over the image side.
            Defaults to 0.5 (STEGO).
    """

    def __init__(self, dataset: Union[BaseDataset, dict],
                 crop_ratio: float = 0.5) -> None:
        self.dataset = (DATASETS.build(dataset)
                        if isinstance(dataset, dict) else dataset)
        if not 0 < crop_ratio <= 1:
            raise ValueError(f'FiveCropDataset.crop_ratio must be in (0, 1],'
                             f' got {crop_ratio}.')
        names = [type(t).__name__ for t in self.dataset.pipeline.transforms]
        if 'FiveCrop' not in names:
            raise ValueError('FiveCropDataset needs a FiveCrop transform '
                             'in the wrapped dataset\'s pipeline (after '
                             f'loading); it has {names}.')
        self.crop_ratio = crop_ratio

    @property
    def metainfo(self) -> dict:
        """The wrapped dataset's meta information."""
        return self.dataset.metainfo

    def __len__(self) -> int:
        return 5 * len(self.dataset)

    def get_data_info(self, idx: int) -> dict:
        """The wrapped image's info with the crop choice."""
        info = self.dataset.get_data_info(idx // len(CROP_NAMES))
        info['five_crop'] = dict(index=idx % len(CROP_NAMES),
                                 ratio=self.crop_ratio)
        info['sample_idx'] = idx
        return info

    def __getitem__(self, idx: int) -> dict:
        data = self.dataset.pipeline(self.get_data_info(idx))
        if data is None:
            raise RuntimeError(f'The pipeline dropped crop {idx % 5} of '
                               f'image {idx // 5}.')
        return data
