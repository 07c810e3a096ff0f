"""Runs that share a history folder, as a nightly's do: failures placed in time per region, the HTML
report's trend, and a failure that does not come back marked flaky (and still failing the run)."""

import json
import shutil

import pytest

from capillary_conformance.cli.html_report import ReportToolMissing, generate
from capillary_conformance.plugin.verdict.history import allure_history_file
from tests.helpers import run_suite

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

SCHEMA_TEST = "test_each_answer_check_on_random_valid_bodies and schema and not schemathesis"


def _run(reports, history, region: str, fault: str | None = None) -> dict:
    env = {"CAPILLARY_HISTORY_DIR": str(history), "CAPILLARY_REGION": region}
    if fault:
        env["CAPILLARY_SANDBOX_FAULT"] = fault
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    result = run_suite(reports, "--capillary-profile=selftest", "-k", SCHEMA_TEST, **env)
    assert result.returncode == (1 if fault else 0), result.stdout[-3000:]
    return {"summary": json.loads((reports / "results.json").read_text())["history"], "stdout": result.stdout}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """eu: correct, string ids, string ids, correct; india fails first, in between (its history is its own)."""
    tmp = tmp_path_factory.mktemp("history")
    history = tmp / "history"
    seen = {}
    seen["india"] = _run(tmp / "india", history, "india", "string-ids")
    for number, fault in enumerate([None, "string-ids", "string-ids", None], 1):
        seen[f"eu{number}"] = _run(tmp / f"eu{number}", history, "eu", fault)
        seen[f"eu{number}"]["results"] = tmp / f"eu{number}" / "allure-results"
    return history, seen


def test_a_failure_first_seen_is_new_then_recurring_since_then_and_its_pass_is_fixed(runs):
    _, seen = runs
    assert [entry["check"] for entry in seen["eu2"]["summary"]["new"]] == ["schema"]
    assert seen["eu2"]["summary"]["recurring"] == []  # india's failure before it is india's
    recurring = seen["eu3"]["summary"]["recurring"]
    assert [(entry["check"], entry["runs"]) for entry in recurring] == [("schema", 2)]
    assert seen["eu3"]["summary"]["broken_since"]["runs"] == 2
    assert [entry["check"] for entry in seen["eu4"]["summary"]["fixed"]] == ["schema"]
    assert seen["eu4"]["summary"]["trend"] == "+ x x +"
    assert "recurring: 1 case(s) in schema, since" in seen["eu3"]["stdout"]
    assert "broken since" in seen["eu3"]["stdout"]


def test_each_region_has_its_own_allure_history_id(runs):
    _, seen = runs
    india = {
        json.loads(p.read_text())["historyId"]
        for p in (seen["eu1"]["results"].parent.parent / "india" / "allure-results").glob("*-result.json")
    }
    eu = {json.loads(p.read_text())["historyId"] for p in seen["eu1"]["results"].glob("*-result.json")}
    assert eu
    assert india
    assert not eu & india


def test_the_html_report_keeps_allures_history_of_the_runs(runs, tmp_path):
    history, seen = runs
    try:
        for number in (2, 3):
            generate(
                seen[f"eu{number}"]["results"], tmp_path / f"html{number}", (history / allure_history_file("eu"), 30)
            )
    except ReportToolMissing as missing:
        pytest.skip(str(missing))
    points = [json.loads(line) for line in (history / allure_history_file("eu")).read_text().splitlines()]
    assert len(points) == 2
    assert all(any(result["status"] == "failed" for result in point["testResults"].values()) for point in points)


def test_a_failure_that_does_not_come_back_is_flaky_and_still_fails_the_run(tmp_path):
    result = run_suite(tmp_path, "--capillary-profile=selftest", "-k", "test_valid_upsert_keeps_every_positive_promise",
                       CAPILLARY_SANDBOX_FAULT="glitches-once")  # fmt: skip
    assert result.returncode == 1
    summary = json.loads((tmp_path / "results.json").read_text())
    assert [entry["check"] for entry in summary["history"]["flaky"]] == ["envelope"]
    assert "flaky (passed when replayed once; still a failure): 1 case(s) in envelope" in result.stdout
    junit = (tmp_path / "junit.xml").read_text()
    assert 'name="flaky"' in junit
