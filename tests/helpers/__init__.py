"""Test-only helpers that need the repository (its ``tools/`` scripts);
they are not part of the installed ``mmusseg`` package."""
