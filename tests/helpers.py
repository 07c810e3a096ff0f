"""Helpers for tests that run the suite as a user does, in a child process."""

import subprocess
import sys

from capillary_conformance.harness.settings import without_settings

# The suite's settings come from the test, never from the developer's shell.
CLEAN_ENV = without_settings()


def run_suite(reports, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``capillary-conformance run`` as a user types it, without the HTML step."""
    command = [
        sys.executable,
        "-m",
        "capillary_conformance",
        "run",
        "--no-report",
        "--reports-dir",
        str(reports),
        *args,
    ]
    return subprocess.run(command, env=CLEAN_ENV | env, capture_output=True, text=True, timeout=600, cwd=reports)
