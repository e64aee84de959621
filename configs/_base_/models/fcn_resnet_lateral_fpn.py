# Supervised model for fine-tuning from an unsupervised result: the same
# encoder as the k-means baseline and PiCIE (ResNet + LateralFPN, stride 4)
# with mmseg's FCNHead on top. The fine-tuning configs point the backbone's
# and the neck's init_cfg at an mmusseg checkpoint (or its extracted
# encoder, tools/model_converters/extract_encoder.py).
_base_ = ['./kmeans_resnet_lateral_fpn.py']
model = dict(
    _delete_=True,
    type='EncoderDecoder',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.model.backbone}},
    neck={{_base_.model.neck}},
    decode_head=dict(
        type='FCNHead',
        in_channels=128,
        in_index=0,
        channels=128,
        num_convs=1,
        concat_input=False,
        dropout_ratio=0.1,
        num_classes=27,
        norm_cfg={{_base_.norm_cfg}},
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss',
            use_sigmoid=False,
            loss_weight=1.0,
            avg_non_ignore=True)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
