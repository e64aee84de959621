"""benchmark_pass.py prints both PASS throughput figures."""
import re

from helpers.runs import run_tool


def test_benchmark_pass_prints_throughput_and_memory():
    out = run_tool(['tools/analysis_tools/benchmark_pass.py',
                    '--images-per-class', '1', '--workers', '0'])
    for stage in ('Pseudo-labels', 'Evaluation'):
        line = next(row for row in out.splitlines()
                    if row.startswith(stage))
        assert re.search(r'50 images in [\d.]+ s = [\d.]+ images/s, peak '
                         r'memory \+\d+ MiB host', line), line
