"""CAUSE's first stage: the concept clusterbook on frozen features."""
import torch.nn.functional as F
from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig, SampleList
from torch import Tensor

from mmusseg.models.segmentors.base_unsupervised import \
    BaseUnsupervisedSegmentor
from .clusterbook import ConceptClusterbook
from .modularity import sample_grid


@MODELS.register_module()
class CAUSEMediator(BaseUnsupervisedSegmentor):
    """Learn the concept clusterbook by maximising modularity.

    The frozen backbone's token features of each image (subsampled to one
    token per ``grid_cell x grid_cell`` window) form a cosine-affinity
    graph; the clusterbook's K concepts softly cluster it, and the loss is
    the negative modularity of that clustering
    (:func:`~projects.cause.cause.modularity.modularity_loss`). Only the
    clusterbook trains (reference ``train_mediator.py``). The checkpoint's
    ``clusterbook.concepts`` is what the front-door stage
    (:class:`CAUSE`, ``clusterbook_checkpoint``) loads.

    Prediction assigns each pixel its nearest concept (K channels of
    cosine logits), to look at the concepts with ``tools/infer.py``; CAUSE
    itself does not evaluate this stage.

    Args:
        backbone (dict): A frozen backbone (``FrozenVisionTransformer``).
        num_concepts (int): K. Defaults to 2048.
        grid_cell (int): Subsampling window (``grid=True`` in the
            reference). 1 keeps every token. Defaults to 4.
        temperature (float): Modularity tanh temperature. Defaults to 0.1.
        test_cfg (dict, optional): See ``BaseUnsupervisedSegmentor``.
        data_preprocessor (dict, optional): ``SegDataPreProcessor`` config.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 num_concepts: int = 2048,
                 grid_cell: int = 4,
                 temperature: float = 0.1,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.clusterbook = ConceptClusterbook(num_concepts,
                                              self.backbone.embed_dims)
        self.grid_cell = grid_cell
        self.temperature = temperature

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """The frozen backbone's (B, C, h, w) feature map."""
        feats = self.backbone(inputs)
        return feats[-1] if isinstance(feats, (list, tuple)) else feats

    def encode_decode(self, inputs: Tensor,
                      batch_data_samples: SampleList) -> Tensor:
        """Cosine of each pixel's feature with every concept."""
        return F.interpolate(
            self.clusterbook.cosine(self.extract_feat(inputs)),
            size=inputs.shape[-2:], mode='bilinear', align_corners=False)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """The modularity loss of the clusterbook."""
        feats = self.extract_feat(inputs)
        if self.grid_cell > 1:
            feats, _ = sample_grid(feats, self.grid_cell)
        self.clusterbook.trained.fill_(True)
        return dict(loss_modularity=self.clusterbook.modularity_loss(
            feats, self.temperature))
