"""torchrun worker: each rank streams its own shard of blobs."""
import json
import sys
from pathlib import Path

import torch
import torch.distributed as torch_dist
from blobs import blob_batches, blob_centers, warm_start

from mmusseg.clustering import DistributedMiniBatchKMeans


def main(out: Path) -> None:
    torch_dist.init_process_group('gloo')
    rank = torch_dist.get_rank()
    km = DistributedMiniBatchKMeans(num_clusters=4, num_init_images=384,
                                    images_per_update=128,
                                    max_init_samples=200, num_init_redo=5,
                                    device='cpu')
    # every row kept and a given start: must equal one process on the union
    exact = DistributedMiniBatchKMeans(num_clusters=4, num_init_images=256,
                                       images_per_update=128,
                                       max_init_samples=10**6,
                                       init_centroids=warm_start(),
                                       device='cpu')
    max_buffered = 0
    for batch in blob_batches(blob_centers(), 20, shard=rank):
        km.update(batch)
        exact.update(batch)
        max_buffered = max(max_buffered, km.buffered)
    torch.save(km.finalize(), out / f'rank{rank}.pt')
    torch.save(exact.finalize(), out / f'exact{rank}.pt')
    if rank == 0:
        (out / 'stats.json').write_text(
            json.dumps(dict(max_buffered=max_buffered, init_cap=km.init_cap)))
    torch_dist.destroy_process_group()


if __name__ == '__main__':
    main(Path(sys.argv[1]))
