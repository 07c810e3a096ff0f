"""The tests mirror the package: each module with logic has a fast unit test (no child run of the suite)."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "capillary_conformance"
TESTS = Path(__file__).resolve().parent

# Modules whose fast tests are named for what they prove rather than for the module.
TESTED_IN = {
    "checks/base.py": "checks/test_echo.py",  # Upsert.pairs, matching by key; every check test reads it
    "contracts/files.py": "contracts/test_contract_files.py",
    "contracts/formats.py": "contracts/test_timestamp_format.py",
    "contracts/validation.py": "contracts/test_broken_examples.py",
    "core/timezones.py": "contracts/test_timestamp_format.py",
    "generation/strategies.py": "checks/test_schemathesis_checks.py",
    "sandbox/app.py": "sandbox/test_sandbox.py",
    "sandbox/store.py": "sandbox/test_sandbox.py",
    "sandbox/server.py": "sandbox/test_sandbox.py",
    "sandbox/faults/base.py": "sandbox/test_combined_faults.py",  # the lookups; each variant's module by its layout
    "cli/nightly.py": "cli/test_nightly_summary.py",  # its child runs are test_nightly.py's (slow)
}
# Data only: nothing to test but what the tests of their readers prove.
NO_LOGIC = {"core/exit_status.py", "checks/statuses.py", "plugin/hookspecs.py"}
# Reached today only through child runs of the suite (tests marked slow): each wants its own fast test.
# The list only shrinks: a module that gains one must leave it, and a new module may not join it.
NOT_YET: set[str] = set()


def modules() -> list[str]:
    """Every module of the package but the suite (the product, run by the kill matrix) and package files."""
    found = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")]
    return sorted(m for m in found if not m.startswith("suite/") and Path(m).name not in ("__init__.py", "__main__.py"))


# Folders whose modules are proven together by one fast test (and, each variant, by the kill matrix).
FOLDER_TESTED_IN = {"sandbox/faults/": "sandbox/test_fault_layout.py"}


def fast_test_of(module: str) -> Path | None:
    mirrored = Path(module).with_name(f"test_{Path(module).name}")
    folder = next((test for prefix, test in FOLDER_TESTED_IN.items() if module.startswith(prefix)), None)
    test = TESTS / TESTED_IN.get(module, folder or mirrored.as_posix())
    return test if test.is_file() and "pytest.mark.slow" not in test.read_text(encoding="utf-8") else None


def test_every_module_with_logic_has_a_fast_unit_test():
    untested = {m for m in modules() if m not in NO_LOGIC and fast_test_of(m) is None}
    assert untested <= NOT_YET, f"modules without a fast unit test: {sorted(untested - NOT_YET)}"


def test_the_list_of_modules_still_without_one_only_shrinks():
    tested_now = {m for m in NOT_YET if fast_test_of(m) is not None}
    assert not tested_now, f"these now have a fast test: remove them from NOT_YET: {sorted(tested_now)}"
    assert set(modules()) >= NOT_YET, f"not modules of the package: {sorted(NOT_YET - set(modules()))}"
