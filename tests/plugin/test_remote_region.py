"""A host that takes time to answer and rate-limits: the suite spreads over processes, keeps within the
rate, counts what it sent, and stops at the request budget it was given."""

import json
import re

import httpx
import pytest

from tests.helpers import CREDENTIALS, run_suite, sandbox_process

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

REGION = {
    "CAPILLARY_SANDBOX_ENVIRONMENT": "1",
    "CAPILLARY_SANDBOX_LATENCY": "0.05",
    "CAPILLARY_SANDBOX_RATE_LIMIT": "40",
}


def writable(url: str) -> dict[str, str]:
    return {"CAPILLARY_BASE_URL": url, "CAPILLARY_TARGET_GROUP_ID": "2750", "CAPILLARY_TARGET_ID": "2996",
            "CAPILLARY_ALLOW_WRITE": "1", "CAPILLARY_CHANNEL_IDS": "1,2,3", "CAPILLARY_RATE_LIMIT": "30",
            **CREDENTIALS}  # fmt: skip


@pytest.mark.parametrize(("fault", "status"), [(None, 0), ("new-id-on-repeat", 1)])
def test_a_slow_rate_limited_region_is_judged_by_several_processes_within_its_rate(tmp_path, fault, status):
    with sandbox_process(**REGION, **({"CAPILLARY_SANDBOX_FAULT": fault} if fault else {})) as url:
        # -k: enough tests to spread, few enough for the project's time; the selftest budget.
        result = run_suite(tmp_path, "--capillary-profile=selftest", "-k", "idempotency or auth", **writable(url))
    assert result.returncode == status, result.stdout[-3000:]
    summary = json.loads((tmp_path / "results.json").read_text())
    assert summary["processes"] == 4  # the host took 50 ms to answer the probe
    assert summary["requests"]["throttled"] == 0
    assert summary["requests"]["sent"] >= sum(r["requests"] for r in summary["results"]) > 0
    assert "answered 429" in result.stdout


def test_a_host_that_answers_at_once_gets_one_process(tmp_path):
    with sandbox_process(CAPILLARY_SANDBOX_ENVIRONMENT="1") as url:
        result = run_suite(tmp_path, "--capillary-profile=selftest", "-k", "auth", **writable(url))
    assert result.returncode == 0, result.stdout[-3000:]
    assert json.loads((tmp_path / "results.json").read_text())["processes"] == 1


def test_a_run_stops_at_its_request_budget_and_says_what_it_left(tmp_path):
    result = run_suite(tmp_path, "--capillary-profile=selftest", CAPILLARY_MAX_REQUESTS="30")
    assert result.returncode == 6, result.stdout[-3000:]  # not fully judged: never "conforms" for what was not asked
    summary = json.loads((tmp_path / "results.json").read_text())
    assert summary["requests"]["sent"] <= 30
    skipped = [r for r in summary["results"] if r["outcome"] == "skipped" and "budget" in r["reason"]]
    assert skipped
    assert f"request budget of 30 spent: {len(skipped)} test(s) skipped" in result.stdout


def test_a_gate_that_left_coverage_out_is_not_fully_judged_unless_a_partial_verdict_was_asked(tmp_path):
    (tmp_path / "gate").mkdir()
    (tmp_path / "partial").mkdir()
    gate = run_suite(tmp_path / "gate", CAPILLARY_MAX_REQUESTS="60")
    assert gate.returncode == 6, gate.stdout[-3000:]
    (verdict,) = [line for line in gate.stdout.splitlines() if line.startswith("exit 6: ")]
    assert re.search(r"not fully judged: .*\d+ of \d+ coverage point\(s\) left out", verdict), verdict
    summary = json.loads((tmp_path / "gate" / "results.json").read_text())
    assert summary["exitstatus"] == 6
    assert summary["verdict"] == "not fully judged"
    junit = (tmp_path / "gate" / "junit.xml").read_text()
    assert 'name="capillary verdict" value="exit 6: not fully judged: ' in junit
    partial = run_suite(tmp_path / "partial", CAPILLARY_MAX_REQUESTS="60", CAPILLARY_PARTIAL_VERDICT="1")
    assert partial.returncode == 0, partial.stdout[-3000:]
    assert re.search(r"exit 0: conforms \(partly: .*coverage point\(s\) left out", partial.stdout), partial.stdout[
        -2000:
    ]


@pytest.mark.parametrize("stop", [["-x"], ["--maxfail=2"]])
def test_a_violation_that_stops_several_processes_early_exits_1_and_cleans_up_every_key(tmp_path, stop):
    """pytest-xdist ends a run at -x or --maxfail with its own KeyboardInterrupt: still a violation (1), not an
    interruption (2); and the keys written by a test whose report never arrived are deactivated too."""
    with sandbox_process(**REGION, CAPILLARY_SANDBOX_FAULT="new-id-on-repeat") as url:
        result = run_suite(tmp_path, "--capillary-profile=selftest", "-n", "2", *stop, **writable(url))
        rows = httpx.get(f"{url}/__sandbox/rows").json()
    assert result.returncode == 1, result.stdout[-3000:]
    summary = json.loads((tmp_path / "results.json").read_text())
    assert summary["exitstatus"] == 1
    written = {(key["communicationType"], key["channelId"]) for key in summary["written_keys"]}
    left_active = [row for row in rows if row["active"] and (row["communicationType"], row["channelId"]) in written]
    assert not left_active, left_active
    assert summary["cleanup"]["failed"] == []


def test_told_more_than_the_host_allows_a_run_lowers_its_rate_and_says_so(tmp_path):
    """Someone else spends the key's budget: the host allows fewer requests than the run was told."""
    with sandbox_process(CAPILLARY_SANDBOX_ENVIRONMENT="1", CAPILLARY_SANDBOX_RATE_LIMIT="15/s") as url:
        env = {**writable(url), "CAPILLARY_RATE_LIMIT": "25/s", "CAPILLARY_WORKERS": "2"}
        result = run_suite(tmp_path, "--capillary-profile=selftest", "-k", "auth or negative", **env)
        stats = httpx.get(f"{url}/__sandbox/stats").json()
    assert result.returncode == 0, result.stdout[-3000:]
    assert "the host answered 429 at 25/s: the run lowered its rate to 20/s" in result.stdout
    arrivals, throttled = stats["arrivals"], stats["throttled_at"]
    middle = (arrivals[0] + arrivals[-1]) / 2
    assert throttled
    assert sum(t >= middle for t in throttled) < sum(t < middle for t in throttled)
