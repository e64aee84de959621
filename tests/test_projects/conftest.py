"""Make ``projects.*`` (as ``custom_imports`` names it from the repository
root) and the test helpers importable in these tests."""
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
for path in (REPO_ROOT, REPO_ROOT / 'tests'):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
