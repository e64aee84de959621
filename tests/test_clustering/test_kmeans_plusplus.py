"""kmeans_plusplus: greedy k-means++ seeding, by its properties."""
import numpy as np

from mmusseg.clustering.faiss_kmeans import kmeans_plusplus


def blobs(num_blobs=8, per_blob=30, dim=16, seed=0):
    """Tight, far-apart blobs: (N, D) points and the blob of each."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=100.0, size=(num_blobs, dim))
    labels = np.repeat(np.arange(num_blobs), per_blob)
    points = centers[labels] + rng.normal(scale=0.01,
                                          size=(len(labels), dim))
    return points.astype(np.float32), labels


def test_seeds_are_distinct_input_rows_reproducible_per_seed():
    points, _ = blobs()
    seeds = kmeans_plusplus(points, 8, seed=3)
    assert seeds.shape == (8, 16) and seeds.dtype == np.float32
    rows = [np.flatnonzero((points == s).all(1)) for s in seeds]
    assert all(len(r) == 1 for r in rows)  # each seed is an input row
    assert len({int(r[0]) for r in rows}) == 8  # no row twice
    np.testing.assert_array_equal(seeds, kmeans_plusplus(points, 8, seed=3))
    assert not np.array_equal(seeds, kmeans_plusplus(points, 8, seed=4))


def test_one_seed_in_every_well_separated_blob():
    # D^2 sampling puts the next seed in an unseeded blob with probability
    # about 1 - 1e-8 here; uniform seeding would cover all 8 blobs with
    # probability 8! / 8^8 (0.24%).
    points, labels = blobs()
    for seed in range(5):
        seeds = kmeans_plusplus(points, 8, seed=seed)
        hit = [labels[(points == s).all(1)][0] for s in seeds]
        assert sorted(hit) == list(range(8)), seed


def test_subsampled_input_still_yields_input_rows():
    points, labels = blobs(num_blobs=4, per_blob=500, dim=4)
    seeds = kmeans_plusplus(points, 4, seed=0, max_samples_per_cluster=8)
    hit = [labels[(points == s).all(1)][0] for s in seeds]
    assert sorted(hit) == [0, 1, 2, 3]


def test_greedy_trials_keep_the_candidate_of_lowest_potential():
    """1-D: 50 points at 0, and 10, 11, 20. With the first seed at 0, the
    second is drawn from {10, 11, 20} with weights 100 : 121 : 400.
    Plain D^2 sampling takes the outlier 20 with probability 400 / 621
    (0.64); the greedy variant keeps the candidate with the lowest
    potential (11, then 10, then 20: potentials 82, 101, 181), so it
    takes 20 only if both of its 2 + int(log 2) = 2 candidates are 20:
    (400 / 621)^2 = 0.41."""
    points = np.array([0.0] * 50 + [10.0, 11.0, 20.0],
                      dtype=np.float32)[:, None]
    runs = [kmeans_plusplus(points, 2, seed=s)[:, 0] for s in range(300)]
    second = [float(r[1]) for r in runs if r[0] == 0]
    assert len(second) > 250
    assert set(second) <= {10.0, 11.0, 20.0}
    share_of_20 = second.count(20.0) / len(second)
    assert 0.33 < share_of_20 < 0.52
    assert second.count(11.0) > second.count(10.0)


def test_identical_points_give_k_copies():
    points = np.ones((20, 3), dtype=np.float32)
    np.testing.assert_array_equal(kmeans_plusplus(points, 4),
                                  np.ones((4, 3), dtype=np.float32))
