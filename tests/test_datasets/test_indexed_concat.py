"""IndexedConcatDataset gives every sample of the concatenation its own
sample_idx (mmengine's ConcatDataset repeats the parts' local indices)."""
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

from mmusseg.testing.fake_trees import make_fake_cityscapes


def test_sample_idx_is_global(tmp_path):
    root = make_fake_cityscapes(tmp_path / 'cityscapes',
                                splits=('train_extra', 'test'))
    init_default_scope('mmseg')
    parts = [dict(type='Cityscapes27Dataset', data_root=str(root),
                  split=split, with_labels=False,
                  pipeline=[dict(type='LoadAnyImageFromFile'),
                            dict(type='PackSegInputs',
                                 meta_keys=('img_path', 'sample_idx'))])
             for split in ('train_extra', 'test')]
    plain = DATASETS.build(dict(type='ConcatDataset', datasets=parts))
    indexed = DATASETS.build(dict(type='IndexedConcatDataset',
                                  datasets=parts))
    n = len(indexed)
    assert n == len(plain) == 4  # two images per split
    local = [plain[i]['data_samples'].sample_idx for i in range(n)]
    assert len(set(local)) < n  # the bug this wrapper exists for
    samples = [indexed[i]['data_samples'] for i in range(n)]
    assert [s.sample_idx for s in samples] == list(range(n))
    assert [s.img_path for s in samples] == [
        plain[i]['data_samples'].img_path for i in range(n)]
    assert indexed.get_data_info(-1)['sample_idx'] == n - 1
