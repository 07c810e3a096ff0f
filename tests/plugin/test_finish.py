"""The run's end on a run with no host: the exit status, the findings held against the known ones, the record
concluded and handed to the run's outputs (results.json, the report's panel beside the Allure results), each a
plugin object on pytest's own plugin manager, as a run registers them."""

import json
from datetime import date
from types import SimpleNamespace

import pytest

from capillary_conformance.core.exit_status import ExitStatus
from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin import finish, hookspecs
from capillary_conformance.plugin.outputs.report_panel import ReportPanel
from capillary_conformance.plugin.outputs.results_file import ResultsFile
from capillary_conformance.plugin.run import OUTCOME, RUN_KEY, ConformanceRun
from capillary_conformance.plugin.verdict.known import KnownFinding


@pytest.fixture
def run(tmp_path):
    conformance = ConformanceRun(from_env({"CAPILLARY_RESULTS_JSON": str(tmp_path / "results.json")}))
    yield conformance
    conformance.stop()


def reported(run, nodeid: str, outcome: str, **verdict) -> None:
    seen = {"drift": {}, "notes": {}, "written": {}, "traffic": {"requests sent": 2}, "announced": {}}
    carried = {"check": "envelope", "reason": "", **seen, **verdict}
    run.pytest_runtest_logreport(
        SimpleNamespace(nodeid=nodeid, outcome=outcome, user_properties=[(OUTCOME, json.dumps(carried))])
    )


def end(run, tmp_path, exitstatus: int) -> SimpleNamespace:
    option = SimpleNamespace(allure_report_dir=str(tmp_path / "allure-results"), numprocesses=None)
    outputs = pytest.PytestPluginManager()
    outputs.add_hookspecs(hookspecs)
    outputs.register(ResultsFile(run.settings.results_json))
    outputs.register(ReportPanel(tmp_path / "allure-results", run.settings))
    config = SimpleNamespace(stash={RUN_KEY: run}, option=option, hook=outputs.hook)
    session = SimpleNamespace(config=config, exitstatus=exitstatus)
    finish.pytest_sessionfinish(session, exitstatus)
    return session


def test_a_run_whose_only_failures_could_not_be_judged_exits_3(run, tmp_path):
    reported(run, "t::a", "passed")
    reported(run, "t::b", "failed", check="could-not-judge", reason="could not judge: timed out")
    session = end(run, tmp_path, ExitStatus.VIOLATION)
    assert session.exitstatus == ExitStatus.COULD_NOT_JUDGE
    written = json.loads((tmp_path / "results.json").read_text())
    assert (written["exitstatus"], written["verdict"], written["requests"]["sent"]) == (3, "could not judge", 4)
    assert written["findings"] == []


def test_a_finding_whose_cases_were_each_accepted_is_known_and_the_panel_says_so(run, tmp_path):
    run.known = [KnownFinding(pointer="/warnings", reason="API-123", until=date(2099, 1, 31))]
    accepted = "known finding: API-123 (accepted until 2099-01-31)"
    reported(run, "t::a", "skipped", reason="warnings is a string", pointer="/warnings", rule="type", known=accepted)
    end(run, tmp_path, ExitStatus.CONFORMS)
    (finding,) = json.loads((tmp_path / "results.json").read_text())["findings"]
    assert (finding["status"], finding["reason"]) == ("known", "API-123")
    panel = (tmp_path / "allure-results" / "environment.properties").read_text()
    line = "Finding\\ 1\\ (known)=/warnings (type): 1 case(s) in envelope; warnings is a string; known finding: API-123"
    assert line in panel
