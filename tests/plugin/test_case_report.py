"""A case's verdict, decided once where its failure is caught, with the steps of the execution that failed; every
output of the case (JUnit's sections and properties, the record's outcome) written from it. Canned exchanges, a
run that never sends."""

import json
from types import SimpleNamespace

import pytest

from capillary_conformance.checks import CheckFailure, Expectations
from capillary_conformance.client.http import SENT, HostClient
from capillary_conformance.core.exchange import Exchange
from capillary_conformance.core.settings import from_env
from capillary_conformance.plugin import case_report
from capillary_conformance.plugin.outputs.junit import MESSAGE
from capillary_conformance.plugin.run import OUTCOME, RUN_KEY, ConformanceRun
from capillary_conformance.plugin.target.host import Host
from capillary_conformance.plugin.verdict.known import KnownCases, KnownFinding
from capillary_conformance.suite import SUITE_DIR


@pytest.fixture
def run():
    settings = from_env({"CAPILLARY_USERNAME": "sdk-ci", "CAPILLARY_PASSWORD": "hunter2"})
    conformance = ConformanceRun(settings)
    client = HostClient.from_settings(settings, "http://127.0.0.1:9")  # never sends: the tests feed it answers
    conformance.host = Host(settings, client, Expectations.from_settings(settings))
    yield conformance
    conformance.stop()


def answer(run: ConformanceRun, item: dict, row_id: int, request_id: str) -> None:
    """One upsert as the host's listeners see it: the step, the traffic and the footprint."""
    exchange = Exchange(
        "POST", f"http://127.0.0.1:9{run.host.client.path()}", {"Authorization": "Basic c2RrLWNpOmh1bnRlcjI="},
        json.dumps([item]).encode(), 200, {"X-Cap-Requestid": request_id},
        json.dumps({"data": [{**item, "id": row_id}], "errors": None, "warnings": None}).encode(), 0.01,
    )  # fmt: skip
    run.host.client.traffic.add([SENT])
    for listener in run.host.client.listeners:
        listener(exchange)


START = {"communicationType": "START", "channelId": 1, "sender": "a"}


def canned_item(run: ConformanceRun, rerun_sends: int = 3, fails_again: bool = True):
    def runtest():
        for number in range(rerun_sends):
            answer(run, START, 900 + number, f"RERUN{number}")
        if fails_again:
            raise CheckFailure("idempotency", "again", "/data/*/id", "id-stable")

    marker = SimpleNamespace(args=("idempotency",))
    judged = []  # what the outputs that show cases one by one (Allure) are handed
    hook = SimpleNamespace(pytest_capillary_case_judged=lambda **case: judged.append(case))
    config = SimpleNamespace(
        stash=pytest.Stash(), getoption=lambda name, default=None: default, hook=hook, judged=judged
    )
    config.stash[RUN_KEY] = run
    return SimpleNamespace(
        obj=None, runtest=runtest, config=config, stash=pytest.Stash(), nodeid="test_idempotency.py::test_x",
        name="test_x", originalname="test_x", path=SUITE_DIR / "test_idempotency.py", location=("", 1, "test_x"),
        user_properties=[], get_closest_marker=lambda name: marker if name == "check" else None,
    )  # fmt: skip


def fail_a_sequence(run: ConformanceRun) -> CheckFailure:
    answer(run, START, 24, "A1")
    answer(run, {**START, "active": False}, 24, "A2")
    answer(run, {**START, "active": True}, 26, "A3")
    return CheckFailure(
        "idempotency", "writing a deactivated key again changed the id from 24 to 26", "/data/*/id", "id-stable"
    )


def test_the_verdict_keeps_the_failing_steps_and_a_rerun_is_counted_apart(run):
    error = fail_a_sequence(run)
    verdict = case_report.at_failure(run, canned_item(run, rerun_sends=3), error)
    assert [step.label for step in verdict.evidence] == ["create START/1", "deactivate START/1", "write START/1 again"]
    assert [json.loads(step.exchange.response_body)["data"][0]["id"] for step in verdict.evidence] == [24, 24, 26]
    assert verdict.request_id == "X-Cap-Requestid: A3"
    assert (verdict.violated, verdict.key, verdict.detected_at) == (True, "/data/*/id", 3)
    assert (verdict.flaky, verdict.rerun) == (False, 3)
    assert "A3" in str(error)  # the exception names the failing answer, as JUnit quotes it


def test_a_failure_that_does_not_come_back_is_flaky(run):
    verdict = case_report.at_failure(run, canned_item(run, rerun_sends=1, fails_again=False), fail_a_sequence(run))
    assert (verdict.flaky, verdict.rerun, len(verdict.evidence)) == (True, 1, 3)


def test_a_known_finding_is_accepted_at_once_and_not_run_again(run):
    entry = KnownFinding(reason="API-7", until="2099-01-01", pointer="/data/*/id")
    run.known_cases = KnownCases([entry], run.settings.region)
    verdict = case_report.at_failure(run, canned_item(run), fail_a_sequence(run))
    assert verdict.known.startswith("known finding: API-7")
    assert verdict.rerun == 0


def report_of(run, item, error):
    """The makereport wrapper driven as pytest drives it: the report made, then the wrapper's changes."""
    call = SimpleNamespace(when="call", excinfo=pytest.ExceptionInfo.from_exception(error) if error else None)
    report = pytest.TestReport(
        item.nodeid, ("", 1, "test_x"), {}, "failed" if error else "passed", "boom" if error else None, "call"
    )
    wrapper = case_report.pytest_runtest_makereport(item, call)
    next(wrapper)
    with pytest.raises(StopIteration) as stop:
        wrapper.send(report)
    return stop.value.value, call


def test_every_output_of_a_failed_case_is_written_from_its_verdict(run):
    item = canned_item(run)
    item.stash[case_report.SEEN_BEFORE] = run.host.mark()
    error = fail_a_sequence(run)
    wrapper = case_report.pytest_runtest_call(item)  # the call as pytest makes it: the failure caught there
    next(wrapper)
    with pytest.raises(CheckFailure):
        wrapper.throw(error)
    report, call = report_of(run, item, error)
    outcome = json.loads(dict(report.user_properties)[OUTCOME])
    assert [step["step"] for step in outcome["exchanges"]] == [
        "create START/1", "deactivate START/1", "write START/1 again",
    ]  # fmt: skip
    assert [step["response_body"]["data"][0]["id"] for step in outcome["exchanges"]] == [24, 24, 26]
    assert outcome["exchanges"][-1]["request_id"] == outcome["request_id"] == "X-Cap-Requestid: A3"
    assert outcome["rerun"] == 3
    assert outcome["traffic"][SENT] == 6
    assert outcome["exchanges"][0]["request_headers"]["Authorization"] != "Basic c2RrLWNpOmh1bnRlcjI="
    sections = dict(report.sections)
    shown = sections["The failing execution's 3 step(s) (secrets redacted)"]
    assert shown.index("1. create START/1") < shown.index("3. write START/1 again")
    assert "RERUN" not in shown
    assert ("finding", "/data/*/id") in report.user_properties
    assert str(call.excinfo.value).startswith("broken promise at /data/*/id (idempotency): writing a deactivated key")
    assert "hunter2" not in json.dumps(outcome)
    said = dict(report.user_properties)[MESSAGE]  # what the JUnit file's message is made of
    assert said["line"].startswith("broken promise at /data/*/id (idempotency): writing a deactivated key")
    assert said["key"] == "/data/*/id"
    assert said["replay"].startswith("capillary-conformance run ")
    [judged] = item.config.judged  # the case's outputs (Allure) are handed the same verdict and replay
    assert (judged["check"], judged["verdict"].key) == ("idempotency", "/data/*/id")
    assert judged["reproduce"] == said["replay"]


def test_a_passing_case_carries_no_evidence(run):
    item = canned_item(run)
    item.stash[case_report.SEEN_BEFORE] = run.host.mark()
    answer(run, START, 1, "P1")
    report, _ = report_of(run, item, None)
    outcome = json.loads(dict(report.user_properties)[OUTCOME])
    assert "exchanges" not in outcome
    assert outcome["check"] == "idempotency"
    assert outcome["traffic"][SENT] == 1


def test_an_observers_failure_in_another_checks_test_is_raised_when_that_test_passed(run):
    from capillary_conformance.plugin.target.host import Deferred

    item = canned_item(run)
    answer(run, START, 24, "B1")
    failure = CheckFailure("ledger", "key START/1 was answered id 3 and id 24", "/data/*/id", "id-per-key")
    run.host.deferred = Deferred(failure, run.host.exchanges.frozen(), 1)
    answer(run, {**START, "sender": "later"}, 24, "B2")  # the test goes on; its own checks pass
    wrapper = case_report.pytest_runtest_call(item)
    next(wrapper)
    with pytest.raises(CheckFailure, match="answered id 3"):
        wrapper.send(None)
    verdict = item.stash[case_report.VERDICT]
    assert verdict.check == "ledger"
    assert [step.label for step in verdict.evidence] == ["create START/1"]  # as it stood when it was judged
    assert (verdict.detected_at, verdict.rerun, run.host.deferred) == (1, 0, None)  # not run again


def test_the_outcome_reaches_an_xdist_controller_whatever_integers_the_failing_answer_held(run):
    """execnet cannot send an integer below -2**31 (a drawn offsetDays may be one): the outcome travels as text."""
    import execnet

    item = canned_item(run)
    item.stash[case_report.SEEN_BEFORE] = run.host.mark()
    answer(run, {**START, "offsetDays": -(2**31) - 1}, 1, "P1")
    try:
        raise CheckFailure("idempotency", "boom", "/data/*/id", "id-stable")
    except CheckFailure as raised:  # as a test raises it: with its traceback
        error = raised
    report, _ = report_of(run, item, error)
    execnet.dumps(report.user_properties)  # raised struct.error before, and the worker crashed
    assert -(2**31) - 1 in [step["request_body"][0]["offsetDays"] for step in json.loads(
        dict(report.user_properties)[OUTCOME])["exchanges"]]  # fmt: skip
