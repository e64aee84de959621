"""PASS stage 3: image-level k-means of attention-pooled embeddings."""
import os.path as osp
from typing import Dict, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.dist import barrier, is_main_process
from mmseg.registry import LOOPS
from torch.utils.data import DataLoader

from mmusseg.clustering import faiss_kmeans
from mmusseg.utils import gather_by_index, unwrap_model
from ..hooks.train_images import embed_train_images
from .non_parametric_loop import NonParametricTrainLoop


@LOOPS.register_module()
class ImageClusteringLoop(NonParametricTrainLoop):
    """Cluster the training images into ``num_clusters`` with faiss k-means.

    Every rank embeds its shard of the train dataloader (which must not
    shuffle) with the model's ``image_embedding`` (e.g.
    :meth:`mmusseg.models.PASSPixelAttention.image_embedding`); rank 0
    L2-normalises the embeddings, runs k-means (PASS: K = number of
    classes, 30 restarts of 20 iterations, random init as in faiss) and
    writes the (K, D) centroids to ``work_dir/centroids.npy``
    (:attr:`output`). Load the model's weights with ``load_from``.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The images, e.g. resized to 256
            and center-cropped to 224.
        num_clusters (int): K.
        num_iters (int): Lloyd iterations. Defaults to 20.
        num_redo (int): Restarts. Defaults to 30.
        seed (int): k-means seed. Defaults to 0.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 num_clusters: int,
                 num_iters: int = 20,
                 num_redo: int = 30,
                 seed: int = 0) -> None:
        super().__init__(runner, dataloader)
        self.num_clusters = num_clusters
        self.num_iters = num_iters
        self.num_redo = num_redo
        self.seed = seed
        self.output = osp.join(runner.work_dir, 'centroids.npy')

    def run(self):
        """Embed, cluster and save the centroids."""
        self.runner.call_hook('before_train')
        model = unwrap_model(self.runner.model)
        embeddings, indices = embed_train_images(model, self.dataloader,
                                                 model.image_embedding)
        embeddings = gather_by_index(embeddings, indices,
                                     len(self.dataloader.dataset))
        if is_main_process():
            embeddings = F.normalize(embeddings, dim=1)
            centroids = faiss_kmeans(
                embeddings, self.num_clusters, num_iters=self.num_iters,
                num_redo=self.num_redo, seed=self.seed, init='random')
            sizes = torch.bincount(
                torch.cdist(embeddings, centroids).argmin(1),
                minlength=self.num_clusters)
            self.runner.logger.info(
                f'Clustered {len(embeddings)} images into '
                f'{self.num_clusters} clusters (sizes {int(sizes.min())} to '
                f'{int(sizes.max())}); centroids saved to {self.output}.')
            np.save(self.output, centroids.numpy())
        barrier()
        self._epoch = 1
        self.runner.call_hook('after_train')
        return self.runner.model
