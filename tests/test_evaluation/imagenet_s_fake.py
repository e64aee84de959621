"""A seeded fake ImageNet-S validation set for the metric's parity test.

Its official scores are stored in
``tests/fixtures/imagenet_s/official_evaluator.json`` (see its
``recipe``); the test regenerates the images from the same seed.
"""
import numpy as np

NUM_CLASSES = 8
IGNORE = 1000


def _box(rng, h, w, min_frac=0.2, max_frac=0.6):
    """A random rectangle ``(y0, y1, x0, x1)`` inside an h x w image."""
    dy = max(1, int(h * rng.uniform(min_frac, max_frac)))
    dx = max(1, int(w * rng.uniform(min_frac, max_frac)))
    y, x = rng.integers(0, h - dy + 1), rng.integers(0, w - dx + 1)
    return y, y + dy, x, x + dx


def fake_validation_set(seed: int = 0):
    """``[(pred, gt), ...]`` int64 maps covering the protocol's corners.

    - classes 1, 2, 4 and 6 in random images, predicted by a fixed
      permutation of segments with blocky noise and shifted borders;
      class 8 never occurs (an absent class);
    - classes 3 and 7 always occur together, and so do their segments:
      the matching has two tied optima, which give different mIoUs;
    - class 5 is predicted in 2 of its 3 images, and segment 8 lies on
      the ignored pixels of all 3: counted on the whole image, segment 8
      would win class 5;
    - ignore regions (1000) everywhere, one large enough to move a class
      from S to MS once ignored pixels are left out;
    - an image of 1001 x 1000 pixels (above 1000 x 1000);
    - an image predicted all background.
    """
    rng = np.random.default_rng(seed)
    seg_of = np.array([0, *rng.permutation(np.arange(1, NUM_CLASSES + 1))])
    images = []

    def predict(gt, shift):
        pred = seg_of[np.where(gt == IGNORE, 0, gt)]
        pred = np.roll(pred, shift, axis=(0, 1))
        for _ in range(rng.integers(1, 4)):
            y0, y1, x0, x1 = _box(rng, *gt.shape, 0.05, 0.3)
            pred[y0:y1, x0:x1] = seg_of[rng.choice([0, 1, 2, 4, 6])]
        return pred

    for _ in range(14):
        h, w = (int(v) for v in rng.integers(24, 64, size=2))
        gt = np.zeros((h, w), dtype=np.int64)
        for cls in rng.choice([1, 2, 4, 6], rng.integers(1, 3),
                              replace=False):
            y0, y1, x0, x1 = _box(rng, h, w)
            gt[y0:y1, x0:x1] = cls
        y0, y1, x0, x1 = _box(rng, h, w, 0.1, 0.3)
        gt[y0:y1, x0:x1] = IGNORE
        pred = predict(gt, tuple(int(v) for v in rng.integers(-2, 3, 2)))
        images.append((pred, gt))
    # tied optimum: classes 3 and 7 (and their segments) always together
    for _ in range(3):
        h, w = (int(v) for v in rng.integers(30, 50, size=2))
        gt = np.zeros((h, w), dtype=np.int64)
        gt[:h // 2, :w // 3] = 3
        gt[h // 2:, w // 2:] = 7
        gt[:3] = IGNORE
        pred = predict(np.where(gt == 3, 0, gt), (1, 0))
        pred[gt == 3] = seg_of[3]
        images.append((pred, gt))
    # class 5 found twice in three images; segment 8 on ignored pixels
    for found in (True, True, False):
        gt = np.zeros((32, 36), dtype=np.int64)
        gt[8:24, 10:30] = 5
        gt[26:, :] = IGNORE
        pred = predict(gt if found else np.where(gt == 5, 0, gt), (0, 1))
        pred[gt == IGNORE] = seg_of[8]
        images.append((pred, gt))
    # 18 of 400 pixels (4.5%, S) but 18 of 320 valid ones (5.6%, MS)
    gt = np.zeros((20, 20), dtype=np.int64)
    gt[2:5, 2:8] = 6
    gt[16:] = IGNORE
    images.append((seg_of[np.where(gt == IGNORE, 0, gt)], gt))
    # above 1000 x 1000 pixels
    gt = np.zeros((1001, 1000), dtype=np.int64)
    gt[100:900, 100:950] = 2
    gt[750:800, 50:120] = 4
    gt[:, :30] = IGNORE
    images.append((predict(gt, (7, -5)), gt))
    # all background predicted
    gt = np.zeros((30, 40), dtype=np.int64)
    gt[5:20, 5:30] = 1
    images.append((np.zeros_like(gt), gt))
    return images


def random_presence_sets(seed: int = 0, trials: int = 40, num_classes=6,
                         num_images=5):
    """Per trial, the (GT classes, predicted segments) present in each of
    ``num_images`` images: small co-occurrence counts, so most matchings
    have tied optima."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(trials):
        out.append([
            (sorted(int(c) for c in rng.choice(
                np.arange(1, num_classes + 1), rng.integers(1, 3),
                replace=False)),
             sorted(int(s) for s in rng.choice(
                 np.arange(1, num_classes + 1), rng.integers(1, 4),
                 replace=False))) for _ in range(num_images)])
    return out
