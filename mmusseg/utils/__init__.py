from .consistency import check_identical_across_ranks
from .gather import gather_by_index
from .launch import (add_cfg_options, add_common_args, finish_distributed,
                     load_config, read_config, setup_cpu_distributed)
from .model import unwrap_model

__all__ = [
    'add_common_args', 'check_identical_across_ranks', 'gather_by_index',
    'load_config', 'setup_cpu_distributed', 'finish_distributed',
    'add_cfg_options', 'read_config',
    'unwrap_model'
]
