"""Score masks already on disk with the test evaluator."""
import torch
from mmengine.runner import TestLoop
from mmengine.structures import PixelData
from mmseg.registry import LOOPS

from mmusseg.datasets.imagenet_s import imagenet_s_mask_path
from mmusseg.datasets.transforms.imagenet_s import load_imagenet_s_mask


@LOOPS.register_module()
class MaskFolderTestLoop(TestLoop):
    """A test loop whose predictions are masks read from ``mask_dir``
    (``mask_dir/WNID/NAME.png``, ImageNet-S coding) instead of the model's.

    PASS scores its stage-4 pseudo-labels this way: the pseudo-label stage
    labels the validation images (``PseudoLabelLoop`` on the ``validation``
    split), and this loop runs the test dataloader's ground truth and the
    test evaluator (:class:`mmusseg.evaluation.ImageNetSMetric`) over them,
    exactly as over a fine-tuned model's predictions. The model is built by
    the runner but never called.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The images with ground truth.
        evaluator (Evaluator | dict | list): The metrics.
        mask_dir (str): The folder of predicted masks, one per image.
        fp16 (bool): Unused (no model runs). Defaults to False.
    """

    def __init__(self, runner, dataloader, evaluator, mask_dir: str,
                 fp16: bool = False) -> None:
        super().__init__(runner, dataloader, evaluator, fp16)
        self.mask_dir = mask_dir

    @torch.no_grad()
    def run_iter(self, idx, data_batch: dict) -> None:
        """Attach each image's stored mask as its prediction, then let the
        evaluator process the batch."""
        self.runner.call_hook(
            'before_test_iter', batch_idx=idx, data_batch=data_batch)
        outputs = data_batch['data_samples']
        for sample in outputs:
            path = imagenet_s_mask_path(self.mask_dir, sample.img_path)
            if not path.is_file():
                raise FileNotFoundError(
                    f'No predicted mask {path} for {sample.img_path}; run '
                    f'the stage that writes {self.mask_dir} on these images '
                    f'first.')
            sample.pred_sem_seg = PixelData(
                data=torch.from_numpy(load_imagenet_s_mask(str(path)))[None])
        self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        self.runner.call_hook(
            'after_test_iter',
            batch_idx=idx,
            data_batch=data_batch,
            outputs=outputs)
