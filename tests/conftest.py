"""Suite-wide settings for running the tests in parallel processes
(``pytest -n 2``, pyproject.toml's default).

- The claim guards, which train for minutes, are collected first, so one
  worker starts them at once and the other runs the rest of the suite
  beside them instead of after them.
- Every worker computes with one thread, and so do the processes its tests
  start (through ``OMP_NUM_THREADS``): two workers on two cores then never
  hold more busy threads than cores. Oversubscribed, torch's spin-waiting
  threads made the guard 2.5 times slower.
"""
import os

import torch


def pytest_configure(config):
    """One intra-op thread in a worker process, unless the user set
    ``OMP_NUM_THREADS``."""
    if os.environ.get('PYTEST_XDIST_WORKER'):
        os.environ.setdefault('OMP_NUM_THREADS', '1')
        torch.set_num_threads(int(os.environ['OMP_NUM_THREADS']))


def pytest_collection_modifyitems(session, config, items):
    """Move the tests marked ``claims`` to the front, keeping the order of
    the rest."""
    items.sort(key=lambda item: item.get_closest_marker('claims') is None)
