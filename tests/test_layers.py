"""The package's layers (pyproject's import-linter contract) hold, and the contract bites."""

import os
import shutil
import subprocess
import sys
import tomllib
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
    assert "2 kept, 0 broken" in result.stdout


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


def _plugin_contract() -> dict:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (plugin,) = [c for c in contracts["contracts"] if c.get("containers") == ["capillary_conformance.plugin"]]
    return plugin


def test_every_module_of_the_plugin_lies_in_a_wing_or_is_the_wiring():
    named = {part.strip() for layer in _plugin_contract()["layers"] for part in layer.split("|")}
    plugin = ROOT / "src" / "capillary_conformance" / "plugin"
    wings = {path.name for path in plugin.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    wiring = {path.stem for path in plugin.glob("*.py") if path.name != "__init__.py"}
    assert wings <= named, f"wings the contract does not name: {sorted(wings - named)}"
    assert wiring <= named, f"modules of plugin/ outside a wing and not named as the wiring: {sorted(wiring - named)}"
    assert {"outputs", "budget", "verdict", "target"} <= wings


def test_a_wing_importing_one_above_it_breaks_the_contract(tmp_path):
    """The target wing importing an output fails the lint: the wings import one way."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    footprint = src / "capillary_conformance" / "plugin" / "target" / "footprint.py"
    footprint.write_text(footprint.read_text() + "\nimport capillary_conformance.plugin.outputs.terminal  # noqa\n")
    result = lint_imports(src)
    assert result.returncode != 0
    assert "capillary_conformance.plugin.target.footprint -> capillary_conformance.plugin.outputs.terminal" in (
        result.stdout.replace("\n", "").replace(" ", "").replace("->", " -> ")
    )


def test_no_module_of_the_plugin_re_exports_another_modules_hooks():
    plugin = ROOT / "src" / "capillary_conformance" / "plugin"
    for module in plugin.rglob("*.py"):
        assert "noqa: F401" not in module.read_text(encoding="utf-8"), f"{module.name} re-exports names"
