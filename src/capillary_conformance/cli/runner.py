"""The suite in a child process, as a user runs it: the one runner behind the nightly's regions, the
self-test's variants and the project's tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def run_suite(
    args: Sequence[str],
    *,
    env: Mapping[str, str],
    reports: Path,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``capillary-conformance run --no-report --reports-dir REPORTS [args]``, output captured."""
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--reports-dir", str(reports)]
    return subprocess.run(
        [*command, *args], env=dict(env), cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
