"""One run's record: each test's verdict gathered as its report arrives (from xdist workers too), its requests."""

import json
from types import SimpleNamespace

import pytest

from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin.run import OUTCOME, ConformanceRun


@pytest.fixture
def run():
    conformance = ConformanceRun(from_env({"CAPILLARY_REGION": "eu"}))
    yield conformance
    conformance.stop()


def report(nodeid: str, outcome: str, **verdict):
    seen = {"drift": {}, "notes": {}, "written": {}, "traffic": {"requests sent": 3}, "announced": {}}
    carried = {"check": "envelope", "reason": "", **seen, **verdict}
    said = [("check", "envelope"), (OUTCOME, json.dumps(carried))]  # as a report carries it
    return SimpleNamespace(nodeid=nodeid, outcome=outcome, user_properties=said)


def test_each_verdict_is_recorded_with_what_its_test_saw(run):
    run.pytest_runtest_logreport(report("t::ok", "passed", notes={"warning 3001: deprecated": 2}, coverage=True))
    run.pytest_runtest_logreport(
        report(
            "t::bad",
            "failed",
            reason="warnings is a string",
            pointer="/warnings",
            rule="type",
            request_id="X-Cap-Requestid: A1",
            detected_at=4,
            announced={"Sunset: Wed, 30 Jun 2027 00:00:00 GMT": 1},
        )
    )
    run.pytest_runtest_logreport(SimpleNamespace(nodeid="t::other", outcome="passed", user_properties=[]))
    assert [case.nodeid for case in run.record.results] == ["t::ok", "t::bad"]
    assert run.record.results[1].request_id == "X-Cap-Requestid: A1"
    assert (run.record.results[1].pointer, run.record.results[1].rule) == ("/warnings", "type")
    run.count_requests()
    requests = run.record.requests
    assert (requests.sent, requests.throttled, requests.first_violation_at, requests.coverage_pass) == (6, 0, 4, 3)
    assert run.notes.items() == [("warning 3001: deprecated", 2)]
    assert run.announced.items() == [("Sunset: Wed, 30 Jun 2027 00:00:00 GMT", 1)]
