"""COCO-Stuff-27 restricted to its 12 thing or its 15 stuff classes."""
from typing import List

import numpy as np
from mmseg.registry import DATASETS

from .coco_stuff27 import LABEL_LUT, COCOStuff27Dataset
from .coco_stuff_classes import COARSE_CLASSES, THING_COARSE_CLASSES
from .palette import make_palette

PARTITIONS = ('things', 'stuff')


def partition_lut(partition: str) -> np.ndarray:
    """The fine-id LUT of COCO-Stuff-27 mapped onto one partition: its
    classes renumbered from 0, the other partition's pixels ignored (255).
    """
    if partition not in PARTITIONS:
        raise ValueError(f'partition must be one of {PARTITIONS}, got '
                         f'{partition!r}.')
    num_things = len(THING_COARSE_CLASSES)
    lut = LABEL_LUT.copy()
    coarse = (lut >= 0) & (lut < 255)
    if partition == 'things':
        lut[coarse & (lut >= num_things)] = 255
    else:
        stuff = coarse & (lut >= num_things)
        lut[coarse & ~stuff] = 255
        lut[stuff] -= num_things
    return lut


@DATASETS.register_module()
class COCOStuff27PartitionDataset(COCOStuff27Dataset):
    """COCO-Stuff-27 with the labels of one partition only.

    PiCIE's "Thing-12" and "Stuff-15" benchmarks (janghyuncho/PiCIE,
    ``data/coco_eval_dataset.py``, ``--thing`` / ``--stuff``), which the
    PGG + CAE paper's Table 2 reports as separate runs: the same images,
    with the other partition's pixels ignored and the partition's classes
    numbered from 0 (things: coarse 0-11; stuff: coarse 12-26 as 0-14).
    Models are trained with as many clusters as the partition has classes.

    Args:
        partition (str): ``'things'`` or ``'stuff'``.
        **kwargs: :class:`COCOStuff27Dataset` arguments.
    """

    def __init__(self, partition: str, **kwargs) -> None:
        self.partition_lut = partition_lut(partition)
        num_things = len(THING_COARSE_CLASSES)
        classes = (COARSE_CLASSES[:num_things] if partition == 'things' else
                   COARSE_CLASSES[num_things:])
        self.partition = partition
        metainfo = dict(classes=classes, palette=make_palette(len(classes)),
                        thing_classes=None)
        metainfo.update(kwargs.pop('metainfo', None) or {})
        super().__init__(metainfo=metainfo, **kwargs)

    def load_data_list(self) -> List[dict]:
        """COCO-Stuff-27's samples with the partition's label mapping."""
        data_list = super().load_data_list()
        for info in data_list:
            info['label_lut'] = self.partition_lut
        return data_list
