"""No secret reaches anything the suite writes: reports, JUnit, HTML, terminal, replay commands."""

import base64
import os
import subprocess
import sys

import pytest

from capillary_conformance.harness.settings import from_env
from capillary_conformance.sandbox.app import session_cookie

PASSWORD = "Kn0wn-Pa55word-for-the-secret-test"
USER = "secret-tester"


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory):
    """A run with failures (so exchanges, replays and tracebacks are written) and the HTML report."""
    reports = tmp_path_factory.mktemp("reports")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAPILLARY_")}
    env |= {"CAPILLARY_USERNAME": USER, "CAPILLARY_PASSWORD": PASSWORD}
    process = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "run", "--reports-dir", str(reports),
         "--profile", "selftest", "--sandbox-fault", "lower-case-enum"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return reports, process


def secrets() -> dict[str, str]:
    settings = from_env({"CAPILLARY_USERNAME": USER, "CAPILLARY_PASSWORD": PASSWORD})
    return {
        "password": PASSWORD,
        "basic token": base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
        "cookie": session_cookie(settings),
    }


def test_the_run_failed_and_wrote_reports(failing_run):
    reports, process = failing_run
    assert process.returncode == 1, process.stdout[-2000:]
    assert (reports / "junit.xml").exists()
    assert any((reports / "allure-results").glob("*-attachment*"))
    assert "[REDACTED]" in process.stdout


@pytest.mark.parametrize("name", sorted(secrets()))
def test_no_secret_in_any_file_or_the_terminal(failing_run, name):
    reports, process = failing_run
    secret = secrets()[name]
    written = [path for path in reports.rglob("*") if path.is_file()]
    assert len(written) > 20
    leaks = [str(path) for path in written if secret.encode() in path.read_bytes()]
    assert leaks == [], f"the {name} leaked into {leaks}"
    assert secret not in process.stdout + process.stderr, f"the {name} leaked into the terminal"
