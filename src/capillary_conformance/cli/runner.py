"""The suite's pytest command, and the suite in a child process as a user runs it: the one runner behind
``capillary-conformance run``, the nightly's regions, the self-test's variants and the project's tests."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from capillary_conformance.suite import pytest_argv


def suite_command(pytest_args: Sequence[str], reports: Path) -> list[str]:
    """``python -m pytest`` on the installed suite, writing the run's files into ``reports``: what
    ``capillary-conformance run`` starts. A run gets a Hypothesis seed of its own unless one is given, so
    that its replay lines can name it."""
    argv = [
        *pytest_argv(pytest_args),
        f"--alluredir={reports / 'allure-results'}",
        f"--junitxml={reports / 'junit.xml'}",
        f"--capillary-results-json={reports / 'results.json'}",
    ]
    if not any(arg.startswith("--hypothesis-seed") for arg in pytest_args):
        argv.append(f"--hypothesis-seed={random.randrange(2**32)}")
    return argv


def fresh_reports(reports: Path) -> None:
    """Whatever a run leaves in reports/ is its own: a run stopped early must not show the last one's verdict."""
    for folder in ("allure-results", "html", "regions"):
        shutil.rmtree(reports / folder, ignore_errors=True)
    for stale in ("junit.xml", "results.json", "nightly-summary.txt"):
        (reports / stale).unlink(missing_ok=True)


def run_suite(
    args: Sequence[str],
    *,
    env: Mapping[str, str],
    reports: Path,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """What ``capillary-conformance run --no-report --reports-dir REPORTS [args]`` runs, output captured: the
    suite's pytest in one child interpreter (not the command and then its pytest: half the start-up)."""
    reports = reports.resolve()
    fresh_reports(reports)
    return subprocess.run(
        suite_command(args, reports),
        env=child_env(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def child_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without pytest-xdist's marks of a worker: started from one (the project's tests under ``-n``, an
    SDK's own pytest run), a child run is a run of its own, which spreads over processes of its own."""
    return {name: value for name, value in env.items() if not name.startswith("PYTEST_XDIST_")}
