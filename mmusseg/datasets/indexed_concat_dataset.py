"""A concatenation whose samples know their index in the concatenation."""
from mmengine.dataset import ConcatDataset
from mmseg.registry import DATASETS


@DATASETS.register_module()
class IndexedConcatDataset(ConcatDataset):
    """mmengine's ``ConcatDataset``, with ``sample_idx`` = the index in the
    concatenation.

    mmengine's wrapper forwards to the inner dataset, whose ``sample_idx``
    is its own local index, so image ``i`` of every part shares one
    ``sample_idx``. Methods that key per-image state on ``sample_idx``
    (PiCIE's views, PGG's image labels) need it unique over the whole
    training set; use this wrapper for them (e.g. Cityscapes-27's
    ``train_extra`` + ``test``).
    """

    def get_data_info(self, idx: int) -> dict:
        """The inner dataset's info, with the global ``sample_idx``."""
        info = super().get_data_info(idx)
        info['sample_idx'] = idx if idx >= 0 else len(self) + idx
        return info

    def __getitem__(self, idx: int) -> dict:
        """Run the inner dataset's pipeline on :meth:`get_data_info`."""
        if not self._fully_initialized:
            self.full_init()
        dataset_idx, _ = self._get_ori_dataset_idx(idx)
        return self.datasets[dataset_idx].pipeline(self.get_data_info(idx))
