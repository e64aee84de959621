"""Generate a procedural dataset once, atomically, and reuse it."""
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from mmengine import dist


def ensure_generated(target: Path, write: Callable[[Path], dict]) -> Path:
    """Make sure the generated dataset ``target`` exists, and return it.

    ``write(folder)`` fills an empty folder and returns the generation
    parameters; they are saved as ``meta.json``, whose presence marks a
    finished cache. The folder is a temporary sibling renamed into place,
    written by rank 0 only under distributed runs (the others wait at a
    barrier), so concurrent or interrupted runs never leave a half-written
    cache behind.

    Args:
        target (Path): Cache directory; its name should encode every
            generation parameter.
        write (Callable[[Path], dict]): Writes the dataset into a folder.

    Returns:
        Path: ``target``.
    """
    target = Path(target)
    if dist.get_rank() == 0 and not (target / 'meta.json').exists():
        if target.exists():  # a cache without meta.json is incomplete
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix='.tmp_', dir=target.parent))
        meta = write(tmp)
        (tmp / 'meta.json').write_text(json.dumps(meta))
        try:
            os.rename(tmp, target)
        except OSError:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
    dist.barrier()
    return target
