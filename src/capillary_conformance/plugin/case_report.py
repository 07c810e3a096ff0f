"""A test's report: the case classified (which check, why, a violation or could not judge, known, flaky,
against the history) and recorded where each output reads it (the report's sections and properties for JUnit,
the Allure case, the outcome that travels to the run's record, from xdist workers too)."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator

import pytest
from schemathesis.pytest._subtests import is_subtest_report  # pytest 9's core subtests or 8's reports

from capillary_conformance.client.http import SENT
from capillary_conformance.core.record import promise_line
from capillary_conformance.plugin.budget import profiles
from capillary_conformance.plugin.budget.plan import skip_when_spent
from capillary_conformance.plugin.outputs import allure as reporting
from capillary_conformance.plugin.outputs.junit import MESSAGE, message_of
from capillary_conformance.plugin.outputs.redaction import drop_filtered_replays, redact_failures, redact_report
from capillary_conformance.plugin.outputs.render import SHOWN_STEPS, recorded, render
from capillary_conformance.plugin.outputs.replay import sandbox_preamble
from capillary_conformance.plugin.run import OUTCOME, RUN_KEY, ConformanceRun
from capillary_conformance.plugin.target.exchanges import Step
from capillary_conformance.plugin.target.host import Seen
from capillary_conformance.plugin.verdict.case_verdict import NOTHING_SEEN, Verdict, judge
from capillary_conformance.plugin.verdict.classify import COULD_NOT_JUDGE, check_failures, did_not_reproduce
from capillary_conformance.plugin.verdict.flaky import needs_rerun, rerun
from capillary_conformance.suite import SUITE_DIR

SEEN_BEFORE = pytest.StashKey[Seen]()
VERDICT = pytest.StashKey[Verdict]()  # decided where the call's failure was caught, read as it is reported


def check_of(item: pytest.Item) -> str:
    marker = item.get_closest_marker("check")
    return marker.args[0] if marker else "suite"


def test_id(item: pytest.Item) -> str:
    """The test as the suite names it (``test_x.py::test_y[first]``, its pytest id within the suite): what ``run``
    takes, wherever the package lives and whatever the working directory."""
    module = item.path.resolve().relative_to(SUITE_DIR).as_posix()
    # A pytest parametrization is part of the id; Schemathesis' lazy one is not (pytest cannot select it).
    name = item.name if hasattr(item, "callspec") else getattr(item, "originalname", item.name)
    return f"{module}::{name}"


def replay_line(run: ConformanceRun, item: pytest.Item) -> str:
    """A command that draws the same examples from the same host: a nightly's region by its targets file and
    name (the host, target and credentials are the file's), any other run by the options that made it."""
    seed = item.config.getoption("hypothesis_seed", None)
    drawn = [f"--hypothesis-seed={seed}"] if seed is not None else []
    s = run.settings
    if s.targets_file is not None:
        where = [f"--targets {shlex.quote(str(s.targets_file))}", f"--region {shlex.quote(s.region)}"]
        options = [*where, "--reports-dir reports/replay", *drawn]
    else:
        options = ["--reports-dir reports/replay", *drawn, *s.replay_options()]
    return f"capillary-conformance run {' '.join(options)} '{test_id(item)}'"


ACCEPTED = "capillary_accepted"  # set on the skip that ends a test whose violation a known finding accepts


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Where a test's failure is first caught: its verdict is decided here, once, with the steps of the execution
    that failed, before anything runs again. A violation that a known finding accepts ends the test as a skip,
    with the reason, so that pytest, JUnit and Allure all write it as one (the violation is its ``__cause__``)."""
    run = item.config.stash[RUN_KEY]
    try:
        result = yield
        deferred = run.host.deferred if run.host is not None else None
        if deferred is not None:  # an observer's failure, met while the test's own checks passed
            raise deferred.failure
        return result
    except Exception as error:
        if run.host is None:
            raise
        verdict = at_failure(run, item, error)
        item.stash[VERDICT] = verdict
        if verdict.known:
            skip = pytest.skip.Exception(verdict.known)
            setattr(skip, ACCEPTED, True)
            raise skip from error
        raise


def at_failure(run: ConformanceRun, item: pytest.Item, error: BaseException) -> Verdict:
    """The verdict of a failure as it is caught: the broken promise and its evidence (the failing execution's
    steps, kept before a re-run can send more); then whether a known finding accepts it, and, for a failure
    nobody has replayed, whether it fails again when run once more (its requests counted apart)."""
    assert run.host is not None
    exchanges, deferred = run.host.exchanges, run.host.deferred
    run.host.deferred = None
    verdict = judge(error, check_of(item), run.redactor)
    replayed = exchanges.replayed_by_hypothesis()
    verdict.evidence = exchanges.frozen(replay_passed=did_not_reproduce(error))
    verdict.detected_at = _detected_at(run)
    if deferred is not None and deferred.failure is error:  # judged by an observer in the middle of the test
        verdict.evidence, verdict.detected_at = deferred.evidence, deferred.detected_at
    # Answers of other executions the failure speaks of (the ledger's earlier answer), before its own steps.
    earlier = tuple(
        Step(label, exchange, sent=False) for failure in check_failures(error) for label, exchange in failure.earlier
    )
    verdict.evidence = earlier + verdict.evidence
    redact_failures(error, run.redactor, verdict.request_id)
    if not verdict.violated:
        return verdict
    verdict.known = run.known_cases.acceptance(verdict.pointer, verdict.rule, verdict.check, verdict.reason)
    if did_not_reproduce(error):
        verdict.flaky = True
    elif deferred is not None and deferred.failure is error:
        pass  # an answer against the run's earlier answers: running the test again would not ask it again
    elif not verdict.known and needs_rerun(error, replayed, check_of(item)):
        passed, verdict.rerun = rerun(item, run.host)
        verdict.flaky = passed
    return verdict


# Innermost (trylast): what it changes (the exception, longrepr, when) is done before allure-pytest and
# JUnit read the report.
@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    run = item.config.stash[RUN_KEY]
    error = _error_of(call)
    subtest = call.when == "call" and VERDICT not in item.stash and error is not None
    verdict = _verdict_of(run, item, call, error)
    report = yield
    skip_when_spent(report, item, error)
    if (report.failed or _accepted(call)) and profiles.pass_of(item) == profiles.FIRST_PASS:
        run.failed_first.add(getattr(item, "originalname", item.name))
    if report.when != "call" and not report.failed:
        if report.when == "setup" and report.skipped:  # a deep case whose first pass failed: filed beside it
            item.config.hook.pytest_capillary_case_judged(
                item=item, run=run, check=check_of(item), verdict=None, reproduce="", preamble=""
            )
        return report
    if is_subtest_report(report):
        # Schemathesis' per-phase subtest: the test's own report carries the verdict; a known one is skipped too.
        if subtest and report.failed and verdict.violated:
            _file_if_known(run, item, report, verdict)
            report.user_properties = [*report.user_properties, (MESSAGE, _junit_message(run, item, verdict))]
        return report
    if VERDICT in item.stash:
        del item.stash[VERDICT]  # the next report of this item (a deep pass, a re-run) decides its own
    _settle(run, item, call, report, verdict)
    _record(run, item, report, verdict)
    drop_filtered_replays(report)
    redact_report(report, run.redactor)
    if verdict.violated and report.failed:  # allure-pytest reads the exception after this hook: one line of it
        try:
            raise reporting.broken_promise(verdict.key, verdict.check, verdict.reason, verdict.request_id)
        except AssertionError as promise:
            call.excinfo = pytest.ExceptionInfo.from_exception(promise)
    return report


def _error_of(call: pytest.CallInfo[None]) -> BaseException | None:
    """What the test raised: the violation itself when a known finding accepted it."""
    if call.excinfo is None:
        return None
    return call.excinfo.value.__cause__ if _accepted(call) else call.excinfo.value


def _accepted(call: pytest.CallInfo[None]) -> bool:
    return call.excinfo is not None and getattr(call.excinfo.value, ACCEPTED, False)


def _verdict_of(
    run: ConformanceRun, item: pytest.Item, call: pytest.CallInfo[None], error: BaseException | None
) -> Verdict:
    """The verdict decided where the failure was caught; for what did not pass through there (a failure of
    setup, a host that stopped answering, a Schemathesis subtest, a pass) it is decided here, as it is reported."""
    if call.when == "call" and VERDICT in item.stash:
        return item.stash[VERDICT]
    verdict = judge(error, check_of(item), run.redactor)
    if run.host is not None:
        verdict.evidence = run.host.exchanges.frozen()
        if verdict.violated:  # a report Schemathesis made
            verdict.detected_at = _detected_at(run)
    redact_failures(error, run.redactor, verdict.request_id)  # before the report is made from the exception
    return verdict


def _detected_at(run: ConformanceRun) -> int:
    """ "Requests to detect": what this process had sent when the failing answer arrived (Hypothesis' final
    replay of a generated example came after it)."""
    assert run.host is not None
    return run.host.client.traffic[SENT] - run.host.exchanges.replayed_requests()


def _settle(
    run: ConformanceRun, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport, verdict: Verdict
) -> None:
    """The verdict against what the report became: a violation only in the call (an error of setup is the run's,
    and a could-not-judge case is filed as an error: pytest and JUnit count a failure outside the call so), what
    the test added to the run's tallies, and its place in the history."""
    verdict.violated = (
        verdict.violated and (report.failed or _accepted(call)) and report.when == "call" and run.host is not None
    )
    if verdict.check == COULD_NOT_JUDGE and report.failed:
        report.when = "setup"
    mark = item.stash.get(SEEN_BEFORE, None)
    verdict.seen = run.host.seen_since(mark) if run.host is not None and mark is not None else NOTHING_SEEN
    if run.host is not None:
        item.stash[SEEN_BEFORE] = run.host.mark()  # a second report of one test (Schemathesis') counts anew
    if run.history is not None and report.when == "call" and (verdict.violated or report.passed):
        verdict.placement = run.history.place(item.nodeid, verdict.violated)


def _file_if_known(run: ConformanceRun, item: pytest.Item, report: pytest.TestReport, verdict: Verdict) -> None:
    """A report Schemathesis made (of an operation, or a subtest) whose violation a known finding accepts is
    skipped with the reason, before JUnit writes it: no test call of ours raised it to be ended as a skip."""
    acceptance = run.known_cases.acceptance(verdict.pointer, verdict.rule, verdict.check, verdict.reason)
    if acceptance:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.location[1] or 0) + 1, acceptance)
        verdict.known = acceptance


def _record(run: ConformanceRun, item: pytest.Item, report: pytest.TestReport, verdict: Verdict) -> None:
    """The case where each output reads it, all from its verdict: the report's sections and the item's properties
    (JUnit), the Allure case, and the outcome the run's record takes (it travels on the report, to an xdist
    controller too)."""
    if verdict.violated and not verdict.known:  # a report Schemathesis made, of a call not ours to end
        _file_if_known(run, item, report, verdict)
    reproduce = replay_line(run, item)
    steps = verdict.evidence[-SHOWN_STEPS:]
    credentials = run.settings.credentials
    embedded = run.settings.uses_embedded_sandbox and run.host is not None
    preamble = sandbox_preamble(run.settings, run.host.client.base_url) if embedded and run.host else ""
    failed = report.failed or verdict.violated
    if report.failed:
        if steps:
            shown = "\n\n".join(
                f"{number}. {step.label}\n{render(step.exchange, run.redactor, credentials, 2000, preamble)}"
                for number, step in enumerate(steps, len(verdict.evidence) - len(steps) + 1)
            )
            report.sections.append((f"The failing execution's {_steps(verdict)} (secrets redacted)", shown))
        report.sections.append(("Reproduce", reproduce))
    item.config.hook.pytest_capillary_case_judged(
        item=item, run=run, check=check_of(item), verdict=verdict, reproduce=reproduce, preamble=preamble
    )
    placement = verdict.placement
    item.user_properties.append(("check", verdict.check))  # JUnit writes the item's properties with the teardown report
    if placement is not None:
        item.user_properties.append(("history", str(placement)))
    if verdict.flaky:
        item.user_properties.append(("flaky", "did not fail again when replayed once; still a failure"))
    outcome = {"check": verdict.check, "reason": verdict.reason, **verdict.seen, "flaky": verdict.flaky}
    if verdict.violated and verdict.check != check_of(item):
        outcome["asked"] = check_of(item)  # another check judged this test's question first (the run-wide ledger)
    # A coverage test's first pass (a deep pass, when it has one, is random depth).
    first = profiles.pass_of(item) == profiles.FIRST_PASS
    outcome["coverage"] = first and item.get_closest_marker("coverage") is not None
    if verdict.rerun:
        outcome["rerun"] = verdict.rerun
    if failed and steps:
        outcome["exchanges"] = [
            recorded(step.label, step.exchange, run.redactor).model_dump(mode="json") for step in steps
        ]
    if verdict.violated:
        outcome |= {"pointer": verdict.pointer, "rule": verdict.rule, "replay": reproduce}
        if verdict.known:
            outcome["known"] = verdict.known
        if verdict.request_id:
            outcome["request_id"] = verdict.request_id
            item.user_properties.append(("request id", verdict.request_id))
        item.user_properties.append(("finding", verdict.key))  # the JUnit file names each case's finding
    if placement is not None:
        outcome["placement"] = {"kind": placement.kind, "since": placement.since, "runs": placement.runs}
    if verdict.detected_at is not None:
        outcome["detected_at"] = verdict.detected_at
    # As JSON text: execnet, which carries a report to the xdist controller, cannot serialize an integer below -2**31
    # (a drawn request body may hold one), and a worker that cannot send its report crashes the run.
    said = json.dumps(outcome)
    report.user_properties = [*item.user_properties, (OUTCOME, said), (MESSAGE, _junit_message(run, item, verdict))]
    run.count_traffic_here(verdict.seen["traffic"])


def _junit_message(run: ConformanceRun, item: pytest.Item, verdict: Verdict) -> dict[str, str]:
    if verdict.violated:
        line = promise_line(verdict.key, verdict.check, verdict.reason, verdict.request_id)
        return message_of(line, verdict.key, replay_line(run, item))
    return message_of(verdict.reason) if verdict.check == COULD_NOT_JUDGE and verdict.reason else message_of("")


def _steps(verdict: Verdict) -> str:
    """``6 steps`` or ``last 20 of 34 steps``."""
    total = len(verdict.evidence)
    return f"last {SHOWN_STEPS} of {total} steps" if total > SHOWN_STEPS else f"{total} step(s)"
