"""torchrun worker: ranks check equal, then different, tensors."""
import sys
from pathlib import Path

import torch
import torch.distributed as torch_dist

from mmusseg.utils import check_identical_across_ranks


def main(out: Path) -> None:
    torch_dist.init_process_group('gloo')
    rank = torch_dist.get_rank()
    same = {'a': torch.arange(6.).reshape(2, 3), 'b': torch.ones(4)}
    check_identical_across_ranks(same, 'Centroids')
    swapped = {'a': torch.arange(6.).reshape(2, 3), 'b': torch.ones(4)}
    if rank == 1:  # same values, two rows swapped
        swapped['a'] = swapped['a'].flip(0)
    try:
        check_identical_across_ranks(swapped, 'Centroids')
        result = 'no error'
    except RuntimeError as err:
        result = str(err)
    (out / f'rank{rank}.txt').write_text(result)
    torch_dist.destroy_process_group()


if __name__ == '__main__':
    main(Path(sys.argv[1]))
