# picie_r18_fpn_coco27.py with mmusseg's corrections of the reference
# (configs/_base_/schedules/picie_adam.py): RandomResizedCrop views, MoCo
# v2's jitter and blur on the view, grayscale applied, inverse-frequency CE
# weights, k-means passes in eval mode with k-means++ seeding.
#   python tools/train.py configs/picie/picie-fixed_r18_fpn_coco27.py
_base_ = ['./picie_r18_fpn_coco27.py']
model = dict(views={{_base_.fixed_views}}, balance='inverse')
custom_hooks = [{{_base_.epoch_clustering_fixed}},
                {{_base_.eval_clustering_fixed}}]
