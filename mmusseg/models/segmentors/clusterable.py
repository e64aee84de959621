"""The contract between a segmentor and :class:`ClusteringHook`."""
from abc import ABCMeta, abstractmethod
from typing import Dict

from mmseg.utils import SampleList
from torch import Tensor, nn


class ClusterableMixin(metaclass=ABCMeta):
    """A segmentor whose cluster heads a ``ClusteringHook`` fits.

    The hook streams the data through :meth:`cluster_features`, runs
    k-means per head of :attr:`cluster_heads` and writes the centroids into
    those heads. A method with per-epoch views (PiCIE) overrides the two
    callbacks as well; their defaults do nothing.

    To add a method: subclass :class:`ClusterSegmentor` (which implements
    this for one head clustering the plain images), or mix this class into
    another segmentor and implement the two abstract members.
    """

    @property
    @abstractmethod
    def cluster_heads(self) -> Dict[str, nn.Module]:
        """dict[str, ClusterHead]: The heads to fit, by name."""

    @abstractmethod
    def cluster_features(self, inputs: Tensor, data_samples: SampleList,
                         training_views: bool = False) -> Dict[str, Tensor]:
        """(B, D, h, w) features to cluster, by head name.

        Args:
            inputs (Tensor): The preprocessed batch.
            data_samples (list[SegDataSample]): Its samples.
            training_views (bool): True before a training epoch (the views
                training will label, e.g. PiCIE's two views), False before
                evaluation (the plain images, for the heads that predict).
                Heads missing from the result keep their centroids.
        """

    def set_epoch(self, epoch: int) -> None:
        """Called before a training-view fit with the runner's epoch."""

    def on_labels_computed(self, inputs: Tensor, data_samples: SampleList,
                           labels: Dict[str, Tensor]) -> None:
        """Called by a training-view fit's counting pass (``ClusteringHook``
        with ``count_labels=True``) with one batch and its final labels,
        (B, h, w) by head name, in host memory: every pixel of the
        training views assigned to the new centroids in eval mode, before
        :meth:`on_centroids_updated`. A method whose training labels are
        exactly these (PiCIE) may keep them rather than compute them
        again."""

    def on_centroids_updated(self, counts: Dict[str, Tensor]) -> None:
        """Called after a training-view fit with each head's pixel counts
        per cluster."""
