"""A host in trouble is "could not judge", in bounded time, keeping what was learned; writes need permission."""

import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

from capillary_conformance.core.settings import from_env
from capillary_conformance.sandbox import running_sandbox
from capillary_conformance.sandbox.app import create_app
from tests.helpers import CLEAN_ENV, run_suite

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow


def junit_counts(path):
    suite = ET.parse(path).getroot().find("testsuite")
    return int(suite.get("failures")), int(suite.get("errors")), int(suite.get("tests"))


def test_gateway_pages_midway_are_errors_of_the_run_not_violations(tmp_path):
    result = run_suite(tmp_path, "--capillary-profile", "selftest", "--capillary-sandbox-fault", "gateway-502-midway")
    assert result.returncode == 3, result.stdout[-2000:]
    failures, errors, tests = junit_counts(tmp_path / "junit.xml")
    assert failures == 0
    assert errors > 0
    assert "could-not-judge" in (tmp_path / "junit.xml").read_text()
    assert "could not judge" in result.stdout
    # What was learned before the host went wrong is kept.
    assert errors < tests
    assert any(tmp_path.joinpath("allure-results").glob("*-result.json"))


def test_rate_limited_host_is_waited_out_and_passes(tmp_path):
    result = run_suite(
        tmp_path, "--capillary-profile", "selftest", "--capillary-sandbox-fault", "rate-limited-start", "-k", "auth"
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "were retried" in result.stdout


def test_interrupted_run_leaves_readable_results(tmp_path):
    command = [sys.executable, "-m", "capillary_conformance", "run", "--no-report", "--reports-dir", str(tmp_path),
               "--capillary-sandbox-fault=hangs-midway", "--capillary-timeout=30",
               "--capillary-profile=selftest"]  # fmt: skip
    process = subprocess.Popen(command, env=CLEAN_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while not any(tmp_path.joinpath("allure-results").glob("*-result.json")):
        assert time.monotonic() < deadline, "no test finished"
        time.sleep(0.2)
    time.sleep(3)  # now the host hangs, and the run waits on it
    process.send_signal(signal.SIGTERM)  # what a CI time-out sends
    output = process.communicate(timeout=60)[0]
    assert process.returncode not in (0, 1), output[-2000:]
    assert (tmp_path / "junit.xml").exists()
    assert ET.parse(tmp_path / "junit.xml").getroot() is not None
    assert (tmp_path / "results.json").exists()


def test_nothing_is_written_to_a_host_without_permission(tmp_path):
    settings = from_env({})
    app = create_app(settings)
    with running_sandbox(settings, app=app) as url:
        result = run_suite(tmp_path, CAPILLARY_BASE_URL=url)  # no target ids, no CAPILLARY_ALLOW_WRITE
        also = run_suite(tmp_path, CAPILLARY_BASE_URL=url, CAPILLARY_TARGET_GROUP_ID="2750", CAPILLARY_TARGET_ID="2996")
    assert (result.returncode, also.returncode) == (4, 4)
    assert app.state.sandbox.requests == 0
    assert len(app.state.sandbox.store) == 0


def busiest_second(arrivals: list[float]) -> int:
    """The most requests that arrived within any one second."""
    return max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "two xdist workers"])
def test_rate_limit_holds_across_the_whole_run(tmp_path, workers):
    settings = from_env({})
    app = create_app(settings)
    rate = 20  # per second: high enough to keep the test short, low enough that a burst would show
    with running_sandbox(settings, app=app) as url:
        env = {"CAPILLARY_BASE_URL": url, "CAPILLARY_TARGET_GROUP_ID": "2750", "CAPILLARY_TARGET_ID": "2996",
               "CAPILLARY_ALLOW_WRITE": "1", "CAPILLARY_RATE_LIMIT": str(rate),
               "CAPILLARY_USERNAME": settings.credentials.username,
               "CAPILLARY_PASSWORD": settings.credentials.password}  # fmt: skip
        result = run_suite(tmp_path, "--capillary-profile", "selftest", "-k", "auth or idempotency", *workers, **env)
    assert result.returncode == 0, result.stdout[-2000:]
    arrivals = app.state.sandbox.arrivals
    assert len(arrivals) > 3 * rate  # long enough to see the budget at work
    # Each probe (one per process) comes before its limiter is in use, hence the slack of the worker count.
    assert busiest_second(arrivals) <= rate + 1 + len(workers)
