import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from blobs import blob_batches, blob_centers, hungarian_error

from mmusseg.clustering import DistributedMiniBatchKMeans, subsample_pixels

HERE = Path(__file__).parent


def fit(batches, **kw):
    km = DistributedMiniBatchKMeans(**kw)
    for b in batches:
        km.update(b)
    return km, km.finalize()


def test_recovers_blobs_deterministically():
    centers = blob_centers()
    _, a = fit(blob_batches(centers, 30), num_clusters=4, num_init_batches=5,
                 num_init_redo=5)
    _, b = fit(blob_batches(centers, 30), num_clusters=4, num_init_batches=5,
                 num_init_redo=5)
    assert hungarian_error(a, centers) < 0.1
    torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_init_buffer_is_bounded():
    km = DistributedMiniBatchKMeans(num_clusters=3, num_init_batches=4,
                                    max_init_samples=40)
    for batch in blob_batches(blob_centers(3), 3, batch=500):
        km.update(batch)
        assert km.buffered <= km.init_cap == 40
    assert km.buffered == 30  # ceil(40 / 4) rows kept per batch


def test_online_rule_matches_hand_computation():
    km = DistributedMiniBatchKMeans(num_clusters=2, num_init_batches=1,
                                    device='cpu')
    km.update(torch.tensor([[0.], [0.1], [10.], [10.1]]))  # seeding
    km.centroids = torch.tensor([[0.], [10.]])
    km.update(torch.tensor([[1.], [11.], [13.]]))
    # counts 1, 2 -> eta 1: centroid = batch mean
    assert km.centroids.flatten().tolist() == [1., 12.]
    km.update(torch.tensor([[3.], [9.]]))
    # cluster 0: count 2, eta 1/2 -> 0.5*1 + 0.5*3 = 2
    # cluster 1: count 3, eta 1/3 -> 2/3*12 + 1/3*9 = 11
    torch.testing.assert_close(km.centroids.flatten(), torch.tensor([2., 11.]))
    assert km.counts.tolist() == [2., 3.]


def test_empty_clusters_are_reseeded_deterministically():
    def run():
        km = DistributedMiniBatchKMeans(num_clusters=3, num_init_batches=1,
                                        device='cpu')
        km.update(torch.randn(30, 2, generator=torch.Generator().manual_seed(0)))
        km.centroids = torch.tensor([[0., 0.], [100., 100.], [-100., 50.]])
        km.update(torch.randn(30, 2, generator=torch.Generator().manual_seed(1)))
        with pytest.warns(UserWarning, match='re-seeded 2 empty'):
            return km.finalize()
    a, b = run(), run()
    torch.testing.assert_close(a, b, rtol=0, atol=0)
    assert torch.cdist(a, a).add(torch.eye(3) * 1e9).min() > 0  # distinct
    assert a.abs().max() < 5  # the far-away empty centroids were moved


def test_short_stream_seeds_from_buffer():
    centers = blob_centers()
    km, c = fit(blob_batches(centers, 2), num_clusters=4, num_init_batches=20,
                num_init_redo=5)
    assert km.num_online_steps == 0 and hungarian_error(c, centers) < 0.2


def test_subsample_pixels_is_per_image_and_seeded():
    fmap = torch.arange(2 * 3 * 4 * 4, dtype=torch.float).reshape(2, 3, 4, 4)
    a = subsample_pixels(fmap, 5, torch.Generator().manual_seed(0))
    b = subsample_pixels(fmap, 5, torch.Generator().manual_seed(0))
    assert a.shape == (10, 3) and torch.equal(a, b)
    assert (a[:5, 0] < 16).all() and (a[5:, 0] >= 48).all()  # image 0 / 1
    assert subsample_pixels(fmap, 99, torch.Generator()).shape == (32, 3)


def test_two_ranks_hold_identical_centroids(tmp_path):
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    subprocess.run([
        sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2',
        f'--master_port={port}', str(HERE / 'dist_kmeans_worker.py'),
        str(tmp_path)
    ], check=True, cwd=HERE, timeout=300,
        env={**os.environ, 'OMP_NUM_THREADS': '1'})
    c0 = torch.load(tmp_path / 'rank0.pt')
    c1 = torch.load(tmp_path / 'rank1.pt')
    torch.testing.assert_close(c0, c1, rtol=0, atol=0)
    assert hungarian_error(c0, blob_centers()) < 0.1
    stats = json.loads((tmp_path / 'stats.json').read_text())
    assert stats['max_buffered'] <= stats['init_cap']
