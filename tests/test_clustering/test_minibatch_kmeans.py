import json
import subprocess
from pathlib import Path

import pytest
import torch
from blobs import blob_batches, blob_centers, hungarian_error, warm_start

from helpers.runs import torchrun_command
from mmusseg.clustering import DistributedMiniBatchKMeans, subsample_pixels

HERE = Path(__file__).parent


def fit(batches, **kw):
    km = DistributedMiniBatchKMeans(**kw)
    for b in batches:
        km.update(b)
    return km, km.finalize()


def test_recovers_blobs_deterministically():
    centers = blob_centers()
    _, a = fit(blob_batches(centers, 30), num_clusters=4,
               num_init_images=320, images_per_update=64, num_init_redo=5)
    _, b = fit(blob_batches(centers, 30), num_clusters=4,
               num_init_images=320, images_per_update=64, num_init_redo=5)
    assert hungarian_error(a, centers) < 0.1
    torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_init_buffer_is_bounded_and_weighted():
    km = DistributedMiniBatchKMeans(num_clusters=3, num_init_images=8,
                                    max_init_samples=40)
    maps = torch.randn(4, 2, 10, 10)
    km.update(maps)
    # 40 // 8 = 5 pixels of each of the 4 images, each standing for 20
    assert km.buffered == 20 and km.init_cap == 40
    assert km._buffer[0][:, -1].tolist() == [20.0] * 20
    km.update(maps)  # 8 images: seeded, every sampled pixel counted
    assert km.buffered == 0 and float(km.counts.sum()) == 8 * 100


def test_online_rule_matches_hand_computation():
    km = DistributedMiniBatchKMeans(
        num_clusters=2, num_init_images=3, images_per_update=1,
        init_centroids=torch.tensor([[0.], [10.]]), device='cpu')
    km.update(torch.tensor([[0.], [0.1], [10.]]))  # seeding: counts 2, 1
    assert km.counts.tolist() == [2., 1.]
    km.update(torch.tensor([[1.], [11.], [13.]]))
    # counts 3, 3 -> eta 1/3 and 2/3
    # cluster 0: 2/3*0 + 1/3*1 = 1/3; cluster 1: 1/3*10 + 2/3*12 = 34/3
    torch.testing.assert_close(km.centroids.flatten(),
                               torch.tensor([1 / 3, 34 / 3]))
    km.update(torch.tensor([[3.], [9.]]))
    # counts 4, 4 -> eta 1/4: 3/4*1/3 + 1/4*3 = 1; 3/4*34/3 + 1/4*9 = 10.75
    torch.testing.assert_close(km.centroids.flatten(),
                               torch.tensor([1., 10.75]))
    assert km.counts.tolist() == [4., 4.] and km.num_online_steps == 2


def test_empty_clusters_are_reseeded_deterministically():
    def run():
        km = DistributedMiniBatchKMeans(
            num_clusters=3, num_init_images=30, images_per_update=30,
            init_centroids=torch.tensor([[0., 0.], [100., 100.],
                                         [-100., 50.]]), device='cpu')
        for seed in (0, 1):
            gen = torch.Generator().manual_seed(seed)
            km.update(torch.randn(30, 2, generator=gen))
        with pytest.warns(UserWarning, match='re-seeded 2 empty'):
            return km.finalize()
    a, b = run(), run()
    torch.testing.assert_close(a, b, rtol=0, atol=0)
    assert torch.cdist(a, a).add(torch.eye(3) * 1e9).min() > 0  # distinct
    assert a.abs().max() < 5  # the far-away empty centroids were moved


def test_short_stream_seeds_from_buffer():
    centers = blob_centers()
    km, c = fit(blob_batches(centers, 2), num_clusters=4,
                num_init_images=20 * 64, num_init_redo=5)
    assert km.num_online_steps == 0 and hungarian_error(c, centers) < 0.2


def test_subsample_pixels_is_per_image_and_seeded():
    fmap = torch.arange(2 * 3 * 4 * 4, dtype=torch.float).reshape(2, 3, 4, 4)
    a = subsample_pixels(fmap, 5, torch.Generator().manual_seed(0))
    b = subsample_pixels(fmap, 5, torch.Generator().manual_seed(0))
    assert a.shape == (10, 3) and torch.equal(a, b)
    assert (a[:5, 0] < 16).all() and (a[5:, 0] >= 48).all()  # image 0 / 1
    assert subsample_pixels(fmap, 99, torch.Generator()).shape == (32, 3)


def test_two_ranks_hold_identical_centroids(tmp_path):
    cmd, env = torchrun_command(HERE / 'dist_kmeans_worker.py', 2,
                                [str(tmp_path)])
    subprocess.run(cmd, check=True, cwd=HERE, timeout=300, env=env)
    c0 = torch.load(tmp_path / 'rank0.pt')
    c1 = torch.load(tmp_path / 'rank1.pt')
    torch.testing.assert_close(c0, c1, rtol=0, atol=0)
    assert hungarian_error(c0, blob_centers()) < 0.1
    stats = json.loads((tmp_path / 'stats.json').read_text())
    assert stats['max_buffered'] <= stats['init_cap']
    # two ranks' shards, chunk by chunk, equal one process on their union
    exact = [torch.load(tmp_path / f'exact{r}.pt') for r in (0, 1)]
    torch.testing.assert_close(exact[0], exact[1], rtol=0, atol=0)
    shards = [list(blob_batches(blob_centers(), 20, shard=r)) for r in (0, 1)]
    single = DistributedMiniBatchKMeans(
        num_clusters=4, num_init_images=256, images_per_update=128,
        max_init_samples=10**6, init_centroids=warm_start(), device='cpu')
    for b0, b1 in zip(*shards):
        single.update(b0)
        single.update(b1)
    torch.testing.assert_close(single.finalize(), exact[0], rtol=0,
                               atol=1e-5)
