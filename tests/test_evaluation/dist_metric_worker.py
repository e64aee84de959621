"""torchrun worker: each rank scores its DefaultSampler-style padded shard."""
import json
import sys

import torch.distributed as torch_dist
from metric_cases import random_samples

from mmusseg.evaluation.metrics import HungarianIoUMetric


def main(out, n, num_classes, num_clusters):
    torch_dist.init_process_group('gloo')
    rank, world = torch_dist.get_rank(), torch_dist.get_world_size()
    samples = random_samples(n, num_classes, num_clusters, seed=3)
    padded = -(-n // world) * world
    indices = [i % n for i in range(padded)][rank::world]  # padding repeats
    metric = HungarianIoUMetric(num_clusters=num_clusters)
    metric.dataset_meta = dict(classes=[f'c{i}' for i in range(num_classes)])
    metric.process({}, [samples[i] for i in indices])
    result = metric.evaluate(n)
    if rank == 0:
        with open(out, 'w') as f:
            json.dump(result, f)
    torch_dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1], *map(int, sys.argv[2:]))
