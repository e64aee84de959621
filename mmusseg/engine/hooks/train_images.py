"""Dataloaders over the training images, derived from the train set's config.

Hooks that run a pass over the training images (the evaluation-time
k-means, the KNN table) need the same images as training, in a fixed order,
but through another pipeline. Deriving that dataloader from
``runner.cfg.train_dataloader`` keeps configs from restating every dataset.
"""
import copy
from typing import Callable, List, Optional, Tuple, Union

import torch
from mmengine.dist import is_main_process
from mmengine.utils import ProgressBar
from torch import Tensor
from torch.utils.data import DataLoader

ANNOTATION_LOADERS = ('LoadMappedAnnotations', 'LoadAnnotations')
PAIR_WRAPPERS = ('KNNPairDataset', )


def without_annotations(pipeline: List[dict]) -> List[dict]:
    """``pipeline`` without its label-loading transforms."""
    return [t for t in pipeline if t.get('type') not in ANNOTATION_LOADERS]


def first_pipeline(dataset_cfg: dict) -> List[dict]:
    """The first ``pipeline`` found in a (possibly wrapped) dataset config."""
    if 'pipeline' in dataset_cfg:
        return dataset_cfg['pipeline']
    for inner in dataset_cfg.get('datasets', [dataset_cfg.get('dataset')]):
        if isinstance(inner, dict):
            return first_pipeline(inner)
    raise KeyError('No pipeline in the dataset config.')


def with_pipeline(dataset_cfg: dict,
                  pipeline: Optional[List[dict]] = None) -> dict:
    """The same images with every leaf dataset's pipeline replaced by
    ``pipeline`` (None: the leaf's own, without label loading). Pairing
    wrappers (``KNNPairDataset``) are removed; ``ConcatDataset``,
    ``FiveCropDataset`` and other wrappers are kept."""
    cfg = copy.deepcopy(dataset_cfg)
    if cfg.get('type') in PAIR_WRAPPERS:
        return with_pipeline(cfg['dataset'], pipeline)
    if 'datasets' in cfg:
        cfg['datasets'] = [with_pipeline(d, pipeline) for d in cfg['datasets']]
    elif isinstance(cfg.get('dataset'), dict):
        cfg['dataset'] = with_pipeline(cfg['dataset'], pipeline)
    else:
        cfg['pipeline'] = (copy.deepcopy(pipeline) if pipeline is not None
                           else without_annotations(cfg.get('pipeline', [])))
    return cfg


def train_images_loader(runner, pipeline: Union[None, str, List[dict]] = None
                        ) -> DataLoader:
    """The training images in dataset order (no shuffling), with the train
    dataloader's batch size and workers.

    Args:
        runner (Runner): The runner; its ``cfg.train_dataloader`` is used.
        pipeline (None | str | list[dict]): None keeps the train pipeline
            without label loading; ``'test'`` uses the test dataloader's
            pipeline without label loading (the images as evaluation sees
            them); a list is used as is.
    """
    train = runner.cfg.train_dataloader
    if pipeline == 'test':
        pipeline = without_annotations(
            first_pipeline(runner.cfg.test_dataloader.dataset))
    elif isinstance(pipeline, str):
        raise ValueError(f"pipeline must be None, 'test' or a list, got "
                         f'{pipeline!r}.')
    return runner.build_dataloader(
        dict(
            batch_size=train.batch_size,
            num_workers=train.get('num_workers', 0),
            sampler=dict(type='DefaultSampler', shuffle=False),
            dataset=with_pipeline(train.dataset, pipeline)),
        seed=runner.seed)


@torch.no_grad()
def embed_train_images(model, loader: DataLoader,
                       embed: Callable[[Tensor], Tensor]
                       ) -> Tuple[Tensor, Tensor]:
    """Run ``embed`` on this rank's preprocessed images, with a progress
    bar on rank 0, in eval mode.

    The loader must not shuffle. Torch's global RNG state is restored
    afterwards: iterating a dataloader draws from it, and training must
    draw the same numbers whether or not a cache made this pass
    unnecessary.

    Returns:
        tuple[Tensor, Tensor]: (n, ...) CPU results and (n,) their dataset
        indices (from the sampler: ``sample_idx`` is local inside a
        ``ConcatDataset``), for :func:`mmusseg.utils.gather_by_index`.
    """
    was_training = model.training
    model.eval()
    rng_state = torch.get_rng_state()
    indices = list(iter(loader.sampler))
    outputs = []
    progress = ProgressBar(len(loader)) if is_main_process() else None
    for data in loader:
        data = model.data_preprocessor(data, False)
        outputs.append(embed(data['inputs']).cpu())
        if progress is not None:
            progress.update()
    if progress is not None:
        print()
    model.train(was_training)
    torch.set_rng_state(rng_state)
    outputs = torch.cat(outputs)
    return outputs, torch.tensor(indices[:len(outputs)])
