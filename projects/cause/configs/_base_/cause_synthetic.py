# CAUSE on the built-in synthetic scenes (CPU-sized): the 96 px scenes
# without augmentation (CAUSE uses none) and without five-crop; labels are
# loaded for the supervised linear probe only. A small randomly
# initialised ViT (96-d, 4 layers, patch 8: 12 x 12 tokens, as in
# configs/stego/stego_vit-tiny_synthetic.py) stands in for DINO, frozen;
# every stage starts from the mediator run's backbone so all three see the
# same features.
_base_ = [
    '../../../../configs/_base_/datasets/synthetic_scenes.py',
    '../../../../configs/_base_/models/frozen_vit-tiny_p8.py',
]
train_dataloader = dict(dataset={{_base_.labelled_train_dataset}})
mediator_checkpoint = 'work_dirs/cause-mediator_vit-tiny_synthetic/epoch_1.pth'
# the mediator run's (random, frozen) backbone
tiny_vit_from_mediator = dict(
    _base_.tiny_vit,
    init_cfg=dict(
        type='Pretrained', checkpoint=mediator_checkpoint,
        prefix='backbone.'))
