"""Helpers for tests that run the suite as a user does, in a child process."""

import subprocess

from capillary_conformance.cli import runner
from capillary_conformance.core.settings import without_settings

# The suite's settings come from the test, never from the developer's shell.
CLEAN_ENV = without_settings()


def run_suite(reports, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``capillary-conformance run`` as a user types it, without the HTML step, from the reports folder."""
    return runner.run_suite(args, env=CLEAN_ENV | env, reports=reports, cwd=reports, timeout=600)
