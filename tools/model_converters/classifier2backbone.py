"""Extract the backbone of an mmpretrain ImageClassifier checkpoint.

mmpretrain's ResNet keeps torchvision's key names and its ViT the names of
``dino2mmpretrain.py``'s output, so the result is what mmusseg's configs
load through ``init_cfg`` in place of torchvision's ImageNet ResNets
(``--keep-fc``: with the classifier as ``fc.*``, a complete torchvision
state dict) or of a converted DINO ViT. ``tools/build_standin.py`` writes
the stand-in weights with it.

    python tools/model_converters/classifier2backbone.py \\
        work_dirs/standin/resnet18_supervised/epoch_20.pth \\
        checkpoints/standin/resnet18_supervised.pth --keep-fc
"""
from mmusseg.utils.converters import classifier_backbone, converter_main


def main() -> None:
    converter_main(
        classifier_backbone,
        __doc__,
        'mmpretrain ImageClassifier checkpoint (ResNet or ViT)',
        options=[('--keep-fc',
                  dict(action='store_true',
                       help="keep a LinearClsHead as torchvision's fc"))])


if __name__ == '__main__':
    main()
