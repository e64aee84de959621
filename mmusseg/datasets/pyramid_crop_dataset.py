"""PGG's pyramid crops as training images of their own."""
from typing import Union

from mmengine.dataset import BaseDataset
from mmseg.registry import DATASETS

from mmusseg.models.utils.pyramid_boxes import crop_resize_back, pyramid_boxes


@DATASETS.register_module()
class PyramidCropDataset:
    """Every image of ``dataset`` as the views of PGG's image pyramid.

    "Fully Self-Supervised Learning for Semantic Segmentation" (section
    4.2.1): "each subimage, i.e. a cropped view, in the pyramid is treated
    as an independent image for labeling and training afterwards". Sample
    ``i`` is view ``i % V`` of image ``i // V``: view 0 the whole image,
    views 1-5 its four corner crops and its center crop
    (:func:`mmusseg.models.utils.pyramid_boxes`, ``crop_ratio`` of the
    height and width), each crop resized back to the image's size so that
    batches stack. ``sample_idx`` is ``i``: PiCIE draws every crop its own
    views, its epoch k-means clusters the crops' pixels, and
    :class:`mmusseg.engine.hooks.PyramidLabelHook` labels every crop as an
    image.

    The crop is cut from the wrapped dataset's packed output (``inputs``
    and, when loaded, ``gt_sem_seg``, resized with nearest neighbours), so
    any pipeline works unchanged; nothing is copied to disk.

    ``with_crops=False`` passes the whole images through (one sample per
    image), so that configs deriving from a pyramid config ("GG", PGG with
    ``crop_mode='region'``, the PiCIE rows) switch the crops off with one
    scalar.

    Args:
        dataset (BaseDataset | dict): The dataset (or its config), whose
            pipeline ends with ``PackSegInputs``.
        crop_ratio (float): Side of each crop as a fraction of the image's.
            Defaults to 0.5.
        with_crops (bool): Add the five crops of every image. Defaults to
            True.
    """

    def __init__(self,
                 dataset: Union[BaseDataset, dict],
                 crop_ratio: float = 0.5,
                 with_crops: bool = True) -> None:
        self.dataset = (DATASETS.build(dataset)
                        if isinstance(dataset, dict) else dataset)
        self.crop_ratio = crop_ratio
        self.boxes = pyramid_boxes(crop_ratio, pyramid=with_crops)

    @property
    def num_views(self) -> int:
        """int: Samples per image (the whole image and its crops)."""
        return len(self.boxes)

    @property
    def metainfo(self) -> dict:
        """The wrapped dataset's meta information."""
        return self.dataset.metainfo

    def __len__(self) -> int:
        return self.num_views * len(self.dataset)

    def full_init(self) -> None:
        """Load the wrapped dataset's annotations now, as mmengine's
        dataset wrappers (``RepeatDataset``, ...) ask of what they wrap."""
        self.dataset.full_init()

    def get_data_info(self, idx: int) -> dict:
        """The wrapped image's info, with this sample's index and box."""
        info = self.dataset.get_data_info(idx // self.num_views)
        info['sample_idx'] = idx
        info['pyramid_box'] = self.boxes[idx % self.num_views]
        return info

    def __getitem__(self, idx: int) -> dict:
        if not 0 <= idx < len(self):
            raise IndexError(f'Sample {idx} is out of range for '
                             f'{len(self)} pyramid samples.')
        data = self.dataset[idx // self.num_views]
        box = self.boxes[idx % self.num_views]
        sample = data['data_samples']
        if idx % self.num_views:
            data['inputs'] = crop_resize_back(data['inputs'], box)
            if 'gt_sem_seg' in sample:
                sample.gt_sem_seg.data = crop_resize_back(
                    sample.gt_sem_seg.data, box, mode='nearest')
        sample.set_metainfo(dict(sample_idx=idx, pyramid_box=box))
        return data
