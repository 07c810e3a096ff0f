"""Runs against hosts that break one or two promises: one finding per promise, listed first, and a known
findings file that accepts some of them until a date (exit status, JUnit and Allure agree)."""

import json

import pytest

from tests.helpers import run_suite

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

TWO_PROMISES = "string-ids+no-errors-key"  # ids as strings (/data/*/id), no errors key (/errors)
# The sweep meets the envelope first; the echo test meets the ids. Few tests, for the project's time.
TWO_TESTS = "test_valid_upsert_keeps_every_positive_promise or (test_each_answer_check_on_random_valid_bodies and echo)"
ERRORS = '[[known]]\ncheck = "envelope"\npointer = "/errors"\nreason = "EU omits errors; API-123"\nuntil = {until}\n'
IDS = (
    '[[known]]\npointer = "/data/*/id"\nmatch = "not a JSON integer"\nreason = "ids as text; API-124"\n'
    "until = {until}\n"
)
LATER, PAST = "2099-01-31", "2020-01-31"


def _run(tmp_path, known: str | None, fault: str = TWO_PROMISES, *args: str):
    env = {"CAPILLARY_SANDBOX_FAULT": fault}
    if known is not None:
        (tmp_path / "known.toml").write_text(known)
        env["CAPILLARY_KNOWN_FINDINGS"] = str(tmp_path / "known.toml")
    result = run_suite(tmp_path, "--capillary-profile=selftest", *args, **env)
    summary = json.loads((tmp_path / "results.json").read_text()) if (tmp_path / "results.json").exists() else {}
    return result, summary


def _statuses(summary) -> dict[str, str]:
    return {finding["pointer"]: finding["status"] for finding in summary["findings"]}


def test_a_host_that_breaks_one_promise_shows_one_finding(tmp_path):
    result, summary = _run(tmp_path, None, "lower-case-enum")
    assert result.returncode == 1
    (finding,) = summary["findings"]
    assert finding["pointer"] == "/data/*/communicationType"
    assert len(finding["checks"]) >= 3  # echo, enums, schema, idempotency, ...: one bug
    assert "1 finding(s), one per broken promise:" in result.stdout


def test_two_broken_promises_are_two_findings_and_a_known_one_alone_does_not_pass_the_run(tmp_path):
    result, summary = _run(tmp_path, ERRORS.format(until=LATER), TWO_PROMISES, "-k", TWO_TESTS)
    assert result.returncode == 1, result.stdout[-2000:]
    assert _statuses(summary) == {"/errors": "known", "/data/*/id": "open"}
    assert "KNOWN /errors" in result.stdout
    assert "EU omits errors; API-123" in result.stdout


def test_every_finding_known_passes_the_run_and_junit_and_allure_agree(tmp_path):
    result, summary = _run(
        tmp_path, ERRORS.format(until=LATER) + IDS.format(until=LATER), TWO_PROMISES, "-k", TWO_TESTS
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert set(_statuses(summary).values()) == {"known"}
    junit = (tmp_path / "junit.xml").read_text()
    assert "<failure" not in junit
    assert 'message="known finding: EU omits errors; API-123' in junit
    statuses = [json.loads(path.read_text()) for path in (tmp_path / "allure-results").glob("*-result.json")]
    skipped = [r for r in statuses if r["status"] == "skipped" and "known finding" in r["statusDetails"]["message"]]
    assert skipped
    assert not [r for r in statuses if r["status"] == "failed"]


def test_an_expired_entry_fails_the_run_again_and_says_so(tmp_path):
    result, summary = _run(tmp_path, ERRORS.format(until=LATER) + IDS.format(until=PAST), TWO_PROMISES, "-k", TWO_TESTS)
    assert result.returncode == 1
    assert _statuses(summary) == {"/errors": "known", "/data/*/id": "expired"}
    assert "known finding EXPIRED on 2020-01-31: ids as text; API-124 (it fails again)" in result.stdout


def test_an_entry_that_matched_nothing_asks_to_be_removed(tmp_path):
    result, summary = _run(tmp_path, ERRORS.format(until=LATER), "string-ids", "-k", TWO_TESTS)
    assert result.returncode == 1
    assert [entry["reason"] for entry in summary["known_unused"]] == ["EU omits errors; API-123"]
    assert "known finding matched nothing (fixed? remove it): EU omits errors; API-123" in result.stdout


def test_a_bad_entry_is_one_line_and_exit_4(tmp_path):
    result, _ = _run(tmp_path, '[[known]]\npointer = "/errors"\nuntil = 2027-01-31\n', TWO_PROMISES, "-k", TWO_TESTS)
    assert result.returncode == 4
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "known" in line]
    assert len(lines) == 1
    assert "[[known]] entry 1: reason: Field required" in lines[0]
