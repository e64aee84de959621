"""Build the stand-in pretrained weights that are missing.

Trains each stand-in with its config in ``configs/standin/`` (the object
corpus is generated on first use) and writes it where the configs load it:

    checkpoints/standin/resnet18_supervised.pth    torchvision ResNet-18 keys
    checkpoints/standin/resnet18_mocov2.pth        mmpretrain MoCo v2 keys
    checkpoints/standin/vit-tiny_p8_supervised.pth dino2mmpretrain ViT keys

What exists is skipped; an interrupted training resumes. All three take
about 35 minutes on 2 CPU cores.

    python tools/build_standin.py                       # all of them
    python tools/build_standin.py vit-tiny_p8_supervised
"""
import argparse

from mmusseg.apis.standin import STANDIN_WEIGHTS, build_standin


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('names', nargs='*', choices=[[], *STANDIN_WEIGHTS],
                        help='stand-ins to build (default: all)')
    parser.add_argument('--work-dir-root', default='work_dirs/standin',
                        help='where the trainings run')
    args = parser.parse_args()
    build_standin(args.names or None, args.work_dir_root)


if __name__ == '__main__':
    main()
