"""Worker of ``test_finish_distributed.py`` (started by torchrun): joins a
``gloo`` group, registers an ``atexit`` handler that records whether the
group still exists, and ends with ``finish_distributed``."""
import atexit
import sys
from pathlib import Path

import torch.distributed as dist

from mmusseg.utils import finish_distributed


def main(out: Path) -> None:
    dist.init_process_group(backend='gloo')
    rank = dist.get_rank()
    atexit.register(lambda: (out / f'atexit{rank}.txt').write_text(
        str(dist.is_initialized())))
    finish_distributed()
    (out / f'returned{rank}.txt').write_text('finish_distributed returned')


if __name__ == '__main__':
    main(Path(sys.argv[1]))
