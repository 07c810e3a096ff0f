"""The package's layers (pyproject's import-linter contract) hold, and the contract bites."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        env=env, cwd=src, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_layers_are_kept():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """A core module importing the plugin (a layer above) fails the lint."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    exchange = src / "capillary_conformance" / "core" / "exchange.py"
    exchange.write_text(exchange.read_text() + "\nimport capillary_conformance.plugin.run  # noqa: E402\n")
    result = lint_imports(src)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "capillary_conformance.core.exchange -> capillary_conformance.plugin.run" in result.stdout
