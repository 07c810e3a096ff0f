"""Installed into an SDK's environment, the suite's pytest plugin (registered by entry point) stays out of
that SDK's own test run: no host started, no request sent, no option that clashes with common plugins."""

import subprocess
import sys
import textwrap

import pytest

from capillary_conformance.core.settings import declared, meta, option_name
from tests.helpers import CLEAN_ENV

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

# An SDK's own unit test, using pytest-base-url's --base-url and base_url fixture. It runs in the same
# process as our entry point, so it can see what that entry point imported.
SDK_TEST = textwrap.dedent(
    """
    import sys
    import threading


    def test_sdk_unit_test(base_url, pytestconfig):
        assert base_url == "https://sdk.example.test"
        assert pytestconfig.pluginmanager.has_plugin("capillary_conformance")  # the entry point is loaded
        assert "capillary_conformance.plugin.hooks" not in sys.modules  # but not the suite's plugin
        assert "capillary_conformance.sandbox" not in sys.modules  # so no sandbox, no client
        assert [t.name for t in threading.enumerate()] == ["MainThread"]
    """
)


def _pytest(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        env=CLEAN_ENV, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


# What a run of the suite writes: a report folder and its files, results, history.
OUR_FILES = {"reports", "allure-results", "html", "junit.xml", "results.json", "history", "history.jsonl"}


def test_an_sdk_test_run_with_pytest_base_url_starts_nothing_of_ours(tmp_path):
    (tmp_path / "test_sdk.py").write_text(SDK_TEST)
    result = _pytest(tmp_path, "--base-url", "https://sdk.example.test", "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    ours = [line for line in result.stdout.splitlines() if "capillary" in line and not line.startswith("plugins:")]
    assert ours == []  # no header, no summary
    # and no file of ours: no reports, results, JUnit or history (other plugins, pytest-benchmark's
    # .benchmarks say, may write theirs)
    written = {p.name for p in tmp_path.rglob("*")} - {"test_sdk.py", "__pycache__"}
    assert not written & OUR_FILES, written
    assert not [name for name in written if "capillary" in name.lower()], written


def test_our_options_are_namespaced_beside_pytest_base_url(tmp_path):
    result = _pytest(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert "  --base-url=" in result.stdout  # pytest-base-url's, untouched
    options = [option_name(name) for name in declared() if meta(name)["option"]]
    assert len(options) > 10
    for option in options:
        assert option.startswith("--capillary-")
        assert option in result.stdout


def test_a_parent_folder_of_the_suite_does_not_select_it(tmp_path):
    """`pytest` in a repository whose tree holds the installed package must not collect the suite."""
    from capillary_conformance.suite import SUITE_DIR

    result = _pytest(tmp_path, str(SUITE_DIR.parent), "--collect-only", "-q")
    assert "capillary_conformance/suite" not in result.stdout, result.stdout[-2000:]
    assert "test_positive" not in result.stdout
