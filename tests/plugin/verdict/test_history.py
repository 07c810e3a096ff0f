"""The history of runs: each failure placed as new or recurring (since when), fixes listed, regions apart."""

import json

from capillary_conformance.core.record import Case
from capillary_conformance.plugin.verdict.history import FIXED, NEW, RECURRING, RUNS_FILE, History, summarize

CASE = "test_schema.py::test_answer_validates_against_the_contract[first]"


def _result(outcome: str, check: str = "schema", case: str = CASE, **extra) -> Case:
    return Case(nodeid=case, outcome=outcome, check=check, **extra)


def _remember(folder, region: str, *outcomes: str, limit: int = 30) -> None:
    for outcome in outcomes:
        history = History(folder, region, limit)
        history.remember(history.record("host", 1, [_result(outcome)]))


def test_a_first_failure_is_new_a_second_recurring_since_the_first_and_a_pass_after_it_fixed(tmp_path):
    _remember(tmp_path, "eu", "passed")
    assert History(tmp_path, "eu", 30).place(CASE, failed=True).kind == NEW
    _remember(tmp_path, "eu", "failed")
    first_failure = History(tmp_path, "eu", 30).runs[-1]["at"]
    recurring = History(tmp_path, "eu", 30).place(CASE, failed=True)
    assert (recurring.kind, recurring.since, recurring.runs) == (RECURRING, first_failure, 2)
    assert History(tmp_path, "eu", 30).place(CASE, failed=False).kind == FIXED
    _remember(tmp_path, "eu", "passed")
    assert History(tmp_path, "eu", 30).place(CASE, failed=False) is None


def test_a_run_that_did_not_judge_the_case_neither_breaks_nor_extends_its_streak(tmp_path):
    _remember(tmp_path, "eu", "failed", "skipped")
    history = History(tmp_path, "eu", 30)
    history.remember(history.record("host", 3, [_result("failed", check="could-not-judge")]))
    assert History(tmp_path, "eu", 30).place(CASE, failed=True).runs == 2


def test_regions_keep_their_own_history(tmp_path):
    _remember(tmp_path, "india", "failed", "failed")
    assert History(tmp_path, "eu", 30).place(CASE, failed=True).kind == NEW
    assert History(tmp_path, "india", 30).place(CASE, failed=True).kind == RECURRING


def test_the_file_keeps_the_last_runs_of_each_region_and_skips_a_line_cut_short(tmp_path):
    _remember(tmp_path, "eu", *["passed"] * 5, limit=3)
    _remember(tmp_path, "india", "failed", limit=3)
    with (tmp_path / RUNS_FILE).open("a") as file:
        file.write('{"region": "eu", "at"')  # a crash mid-write
    assert len(History(tmp_path, "eu", 3).runs) == 3
    assert len(History(tmp_path, "india", 3).runs) == 1
    assert all(json.loads(line) for line in (tmp_path / RUNS_FILE).read_text().splitlines()[:4])


def test_the_summary_says_since_when_the_region_is_broken_and_its_last_runs(tmp_path):
    _remember(tmp_path, "eu", "passed", "failed", "failed")
    history = History(tmp_path, "eu", 30)
    placement = {"kind": RECURRING, "since": history.runs[1]["at"], "runs": 3}
    summary = summarize(history, [_result("failed", placement=placement), _result("failed", case="t2", flaky=True)])
    assert summary["broken_since"] == {"at": history.runs[1]["at"], "runs": 3}
    assert summary["trend"] == "x x x +"
    assert [entry["case"] for entry in summary[RECURRING]] == [CASE]
    assert summary["flaky"] == [{"case": "t2", "check": "schema"}]
    assert summarize(history, [_result("passed")])["broken_since"] is None


def test_flaky_is_judged_within_the_run_without_a_history():
    summary = summarize(None, [_result("failed", flaky=True), _result("failed", case="t2")])
    assert summary == {"flaky": [{"case": CASE, "check": "schema"}], NEW: [], RECURRING: [], FIXED: []}
