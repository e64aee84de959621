"""tools/test.py --out reaches every metric that writes outputs."""
import pytest
from mmengine.registry import init_default_scope

import mmusseg  # noqa: F401
from helpers.runs import REPO_ROOT, load_tool_module

TOOL = load_tool_module(REPO_ROOT / 'tools/test.py')


@pytest.fixture(autouse=True)
def scope():
    init_default_scope('mmseg')


def test_one_metric_a_list_and_an_evaluator_with_metrics():
    single = dict(type='HungarianIoUMetric')
    TOOL.set_output_dir(single, 'out')
    assert single['output_dir'] == 'out'
    metrics = [dict(type='HungarianIoUMetric'),
               dict(type='LinearProbeIoUMetric', iou_metrics=['mIoU'])]
    TOOL.set_output_dir(metrics, 'out')  # STEGO's list evaluator
    assert [m['output_dir'] for m in metrics] == ['out', 'out']
    wrapped = dict(type='Evaluator', metrics=[dict(type='IoUMetric')])
    TOOL.set_output_dir(wrapped, 'out')
    assert wrapped['metrics'][0]['output_dir'] == 'out'


def test_metrics_without_outputs_are_left_alone_or_explained():
    metrics = [dict(type='HungarianIoUMetric'), dict(type='DumpResults',
                                                     out_file_path='x.pkl')]
    TOOL.set_output_dir(metrics, 'out')
    assert 'output_dir' not in metrics[1]
    with pytest.raises(ValueError, match='no metric of test_evaluator'):
        TOOL.set_output_dir([dict(type='DumpResults', out_file_path='x')],
                            'out')
    with pytest.raises(ValueError, match='no test_evaluator'):
        TOOL.set_output_dir(None, 'out')
    with pytest.raises(KeyError, match='not registered'):
        TOOL.set_output_dir(dict(type='NoSuchMetric'), 'out')
