"""torchrun worker: each rank holds a padded shard of the features."""
import sys
from pathlib import Path

import torch
import torch.distributed as torch_dist

from mmusseg.clustering import distributed_knn


def main(out: Path) -> None:
    torch_dist.init_process_group('gloo')
    rank, world = torch_dist.get_rank(), torch_dist.get_world_size()
    feats = torch.load(out / 'feats.pt')
    # DistributedSampler-style shard of 0..N-1, padded by repeating index 0
    indices = torch.arange(len(feats))
    padded = torch.cat([indices, indices[:(-len(feats)) % world]])
    mine = padded[rank::world]
    sims, idx = distributed_knn(feats[mine], mine, len(feats), k=5,
                                chunk_size=7)
    torch.save((sims, idx), out / f'rank{rank}.pt')
    torch_dist.destroy_process_group()


if __name__ == '__main__':
    main(Path(sys.argv[1]))
