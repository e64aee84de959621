"""The contract between a segmentor and a neck that also reads the
image."""
from abc import ABCMeta, abstractmethod
from typing import Sequence, Tuple

from torch import Tensor


class ImageConditionedNeck(metaclass=ABCMeta):
    """A neck whose forward takes the network input besides the backbone's
    features.

    :meth:`ClusterSegmentor.encode_with` calls ``neck(feats, inputs)`` for a
    neck that is an instance of this class and ``neck(feats)`` for any other
    neck (e.g. :class:`LateralFPN`), so a neck that needs the image (e.g.
    :class:`ContextAwareEmbedding`, whose affinity uses the pixels' colours)
    mixes this class in and implements :meth:`forward` with that signature.
    """

    @abstractmethod
    def forward(self, inputs: Sequence[Tensor],
                image: Tensor) -> Tuple[Tensor]:
        """Decode the backbone's features with the help of the image.

        Args:
            inputs (Sequence[Tensor]): Backbone outputs, finest first.
            image (Tensor): (B, 3, H, W) network input, as preprocessed.

        Returns:
            tuple[Tensor]: The neck's feature maps.
        """
