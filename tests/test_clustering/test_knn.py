"""KNN tables: exact against brute force, chunk-independent, 1 == 2 ranks."""
import subprocess
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from helpers.runs import torchrun_command
from mmusseg.clustering import chunked_topk_cosine, distributed_knn

HERE = Path(__file__).parent


def brute_force(feats, k):
    unit = F.normalize(feats, dim=1)
    sims = unit @ unit.T
    idx = torch.stack([
        torch.tensor(sorted(range(len(feats)),
                            key=lambda j: (-float(row[j]), j))[:k])
        for row in sims
    ])
    return sims.gather(1, idx), idx


def test_matches_brute_force_for_any_chunk_size():
    torch.manual_seed(0)
    feats = torch.randn(23, 8)
    feats[5] = feats[3] * 2  # a tie in cosine with image 3
    ref_sims, ref_idx = brute_force(feats, 6)
    for chunk in (1, 4, 7, 100):
        sims, idx = chunked_topk_cosine(feats, feats, 6, chunk_size=chunk,
                                        query_block=chunk + 2)
        assert torch.equal(idx, ref_idx), chunk
        torch.testing.assert_close(sims, ref_sims)
    assert (idx[:, 0] == torch.arange(23)).sum() >= 21  # self first
    assert idx[3, :2].tolist() == [3, 5] and idx[5, :2].tolist() == [3, 5]
    # exact ties at the k-th place: the smaller index wins, any blocking
    dup = torch.randn(1, 8).repeat(12, 1)  # twelve identical images
    for chunk, block in ((5, 3), (100, 100)):
        _, idx = chunked_topk_cosine(dup, dup, 4, chunk_size=chunk,
                                     query_block=block)
        assert (idx == torch.arange(4)).all()
    with pytest.raises(ValueError, match='neighbours among'):
        chunked_topk_cosine(feats, feats, 24)


def test_single_process_distributed_knn_is_the_plain_table():
    torch.manual_seed(1)
    feats = torch.randn(10, 4)
    sims, idx = distributed_knn(feats, torch.arange(10), 10, k=3)
    ref_sims, ref_idx = chunked_topk_cosine(feats, feats, 3)
    assert torch.equal(idx, ref_idx)
    torch.testing.assert_close(sims, ref_sims)
    with pytest.raises(RuntimeError, match='No result for 2 of 10'):
        distributed_knn(feats[:8], torch.arange(8), 10, k=3)


def test_two_ranks_build_the_single_process_table(tmp_path):
    torch.manual_seed(2)
    feats = torch.randn(17, 6)  # odd: the sampler pads one rank
    torch.save(feats, tmp_path / 'feats.pt')
    cmd, env = torchrun_command(HERE / 'dist_knn_worker.py', 2,
                                [str(tmp_path)])
    subprocess.run(cmd, check=True, timeout=300, env=env)
    ref_sims, ref_idx = chunked_topk_cosine(feats, feats, 5)
    for rank in (0, 1):
        sims, idx = torch.load(tmp_path / f'rank{rank}.pt')
        assert torch.equal(idx, ref_idx)
        torch.testing.assert_close(sims, ref_sims)
