"""What the wheel carries: the contract as it is in ``contracts/``, the suite, the report tool's lock file,
and the entry points that make it run from anywhere."""

import pytest

from capillary_conformance.cli.html_report import SPEC_FILES
from capillary_conformance.suite import SUITE_DIR

from .conftest import ROOT

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

CONTRACTS_IN_WHEEL = "capillary_conformance/_contracts/"


def test_contract_files_are_the_same_bytes_as_contracts(wheel):
    in_wheel = {
        name.removeprefix(CONTRACTS_IN_WHEEL): wheel.read(name)
        for name in wheel.namelist()
        if name.startswith(CONTRACTS_IN_WHEEL)
    }
    in_repo = {
        path.relative_to(ROOT / "contracts").as_posix(): path.read_bytes()
        for path in (ROOT / "contracts").rglob("*")
        if path.is_file()
    }
    assert in_repo, "contracts/ is empty"
    assert in_wheel == in_repo


def test_the_suite_and_its_configuration_are_in_the_wheel(wheel):
    names = set(wheel.namelist())
    suite = {
        f"capillary_conformance/suite/{path.name}" for path in SUITE_DIR.iterdir() if path.suffix in {".py", ".ini"}
    }
    assert "capillary_conformance/suite/pytest.ini" in suite
    assert "capillary_conformance/suite/test_positive.py" in suite
    assert suite <= names


def test_the_report_tool_lock_file_is_in_the_wheel(wheel):
    names = set(wheel.namelist())
    assert {f"capillary_conformance/cli/report_tool/{name}" for name in SPEC_FILES} <= names
    assert not [name for name in names if "node_modules" in name]


def test_entry_points_name_the_command_and_the_pytest_plugin(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "capillary-conformance = capillary_conformance.cli.main:main" in text
    assert "[pytest11]\ncapillary_conformance = capillary_conformance.plugin.entry" in text
