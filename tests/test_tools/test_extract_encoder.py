"""extract_encoder.py keeps backbone.* and neck.* and explains a miss."""
import pytest
import torch

from helpers.runs import REPO_ROOT, load_tool_module, run_tool

extract_encoder = load_tool_module(
    REPO_ROOT / 'tools/model_converters/extract_encoder.py')


def test_keeps_only_the_encoder_and_rejects_a_missing_prefix(tmp_path):
    state = {'backbone.conv1.weight': torch.ones(2),
             'neck.laterals.0.conv.weight': torch.zeros(3),
             'cluster_head.centroids': torch.ones(4, 2),
             'cluster_head_weights': torch.ones(4)}
    kept = extract_encoder.extract_encoder(state)
    assert list(kept) == ['backbone.conv1.weight',
                          'neck.laterals.0.conv.weight']
    with pytest.raises(KeyError, match=r"No decode_head\.\* .*'backbone'"):
        extract_encoder.extract_encoder(state, ['decode_head'])
    src, dst = tmp_path / 'in.pth', tmp_path / 'out.pth'
    torch.save(dict(state_dict=state, optimizer={}), src)
    out = run_tool(['tools/model_converters/extract_encoder.py', str(src),
                    str(dst)])
    assert '2 tensors (1 backbone, 1 neck)' in out
    saved = torch.load(dst, weights_only=False)
    assert set(saved['state_dict']) == set(kept)
    assert saved['meta']['prefixes'] == ['backbone', 'neck']
