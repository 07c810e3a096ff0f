"""The lowest-versions lane installs .ci/lowest-constraints.txt: it must be pyproject's floors, every one."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("lowest_constraints", ROOT / "tools" / "lowest_constraints.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_constraints_file_is_what_pyproject_declares_today():
    written = (ROOT / ".ci" / "lowest-constraints.txt").read_text(encoding="utf-8")
    assert written == _tool().text(), "pyproject's floors changed: run python tools/lowest_constraints.py"


def test_every_requirement_has_a_floor_and_it_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(line) for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]]
    pinned = dict(line.split("==") for line in _tool().floors())
    for requirement in declared:
        floor = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert floor, f"{requirement.name} has no floor: the lowest-versions lane could not pin it"
        assert pinned[requirement.name] == floor[0]


def test_a_floor_outside_its_range_would_be_caught(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["pytest>=8.4,<9.2", "httpx>=0.27"]\n', encoding="utf-8")
    assert _tool().floors(pyproject) == ["httpx==0.27", "pytest==8.4"]


def test_ci_runs_the_lowest_versions_lane():
    assert ".ci/lowest-versions" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lane = (ROOT / ".ci" / "lowest-versions").read_text(encoding="utf-8")
    assert "lowest-constraints.txt" in lane
    assert "not slow" in lane
