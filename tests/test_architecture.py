"""The rooms keep their shape: the import-linter contracts of pyproject.toml all hold.

A broken contract fails this test with import-linter's own account of it: the contract's name
and the imports that break it, with their lines. `make lint` runs the same (`lint-imports`).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_are_kept():
    result = subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "120"},  # rich wraps names at 80 columns otherwise
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Contracts: " in result.stdout, result.stdout + result.stderr  # it ran them
    if result.returncode != 0:
        broken = result.stdout.partition("Broken contracts")[2].strip(" -\n")
        pytest.fail(broken or result.stdout + result.stderr, pytrace=False)
