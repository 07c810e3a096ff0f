"""No secret reaches anything the suite writes: reports, JUnit, HTML, terminal, replay commands."""

import base64
import subprocess
import sys

import pytest

from capillary_conformance.core.settings import without_settings

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

PASSWORD = "Kn0wn-Pa55word-for-the-secret-test"
USER = "secret-tester"
COOKIE = "cookie-value-the-sandbox-sets-for-the-secret-test"


# Faults whose failures write every kind of text: contract failures with exchanges and replays, auth
# failures (wrong credentials sent), Schemathesis' own reports, and could-not-judge errors.
FAULTS = {"lower-case-enum": 1, "auth-ignored": 1, "gateway-502-midway": 3}


@pytest.fixture(scope="module", params=sorted(FAULTS))
def failing_run(request, tmp_path_factory):
    """A run with failures (so exchanges, replays and tracebacks are written: -v prints pytest's tracebacks and
    the exchanges in the terminal too) and the HTML report."""
    reports = tmp_path_factory.mktemp("reports")
    env = without_settings()
    env |= {"CAPILLARY_USERNAME": USER, "CAPILLARY_PASSWORD": PASSWORD, "CAPILLARY_SANDBOX_COOKIE": COOKIE}
    process = subprocess.run(
        [sys.executable, "-m", "capillary_conformance", "run", "--reports-dir", str(reports),
         "--capillary-profile", "selftest", "--capillary-sandbox-fault", request.param, "-v"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return reports, process, FAULTS[request.param]


def secrets() -> dict[str, str]:
    return {
        "password": PASSWORD,
        "basic token": base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
        "cookie": COOKIE,
    }


def test_the_run_failed_and_wrote_reports(failing_run):
    reports, process, status = failing_run
    assert process.returncode == status, process.stdout[-2000:]
    assert (reports / "junit.xml").exists()
    assert any((reports / "allure-results").glob("*-attachment*"))
    assert "[REDACTED]" in process.stdout


@pytest.mark.parametrize("name", sorted(secrets()))
def test_no_secret_in_any_file_or_the_terminal(failing_run, name):
    reports, process, _ = failing_run
    secret = secrets()[name]
    written = [path for path in reports.rglob("*") if path.is_file()]
    assert len(written) > 20
    leaks = [str(path) for path in written if secret.encode() in path.read_bytes()]
    assert leaks == [], f"the {name} leaked into {leaks}"
    assert secret not in process.stdout + process.stderr, f"the {name} leaked into the terminal"
