from .consistency import check_identical_across_ranks
from .gather import gather_by_index
from .launch import (add_common_args, finish_distributed, load_config,
                     setup_cpu_distributed)
from .model import unwrap_model

__all__ = [
    'add_common_args', 'check_identical_across_ranks', 'gather_by_index',
    'load_config', 'setup_cpu_distributed', 'finish_distributed',
    'unwrap_model'
]
