"""A test's report: the case classified (which check, why, a violation or could not judge, known, flaky,
against the history) and recorded where each output reads it (the report's sections and properties for JUnit,
the Allure case, the outcome that travels to the run's record, from xdist workers too)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from _pytest.subtests import SubtestReport

from capillary_conformance.client.http import SENT
from capillary_conformance.core.record import BUDGET_SPENT, LEFT_NO_ROOM
from capillary_conformance.plugin import allure_report as reporting
from capillary_conformance.plugin import profiles
from capillary_conformance.plugin.classify import (
    COULD_NOT_JUDGE,
    budget_spent,
    explicit_example_failed,
    host_unavailable,
    suite_cannot_generate,
    violation,
    violation_of,
)
from capillary_conformance.plugin.findings import finding_key
from capillary_conformance.plugin.flaky import did_not_fail_again
from capillary_conformance.plugin.history import Placement
from capillary_conformance.plugin.host import Seen
from capillary_conformance.plugin.plan import skip_when_spent
from capillary_conformance.plugin.redaction import drop_filtered_replays, redact_failures, redact_report
from capillary_conformance.plugin.render import render
from capillary_conformance.plugin.replay import sandbox_preamble
from capillary_conformance.plugin.run import OUTCOME, ConformanceRun
from capillary_conformance.suite import SUITE_DIR, SUITE_PACKAGE

RUN_KEY = pytest.StashKey[ConformanceRun]()
SEEN_BEFORE = pytest.StashKey[Seen]()
NOTHING_SEEN: dict[str, dict] = {"drift": {}, "notes": {}, "written": {}, "traffic": {}, "announced": {}}
SHOWN_EXCHANGES = 6  # the last example's, which is the minimal failure Hypothesis replays last


def check_of(item: pytest.Item) -> str:
    marker = item.get_closest_marker("check")
    return marker.args[0] if marker else "suite"


def test_id(item: pytest.Item) -> str:
    """The test as installed (``capillary_conformance.suite.test_x::test_y``): what ``run`` and
    ``pytest --pyargs`` both take, wherever the package lives and whatever the rootdir was."""
    module = ".".join(item.path.resolve().relative_to(SUITE_DIR).with_suffix("").parts)
    # A pytest parametrization is part of the id; Schemathesis' lazy one is not (pytest cannot select it).
    name = item.name if hasattr(item, "callspec") else getattr(item, "originalname", item.name)
    return f"{SUITE_PACKAGE}.{module}::{name}"


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
    """A test's violation that a known finding accepts ends it as a skip, with the reason, so that pytest,
    JUnit and Allure all write it as one; the violation is the skip's ``__cause__``, for the record."""
    try:
        return (yield)
    except Exception as error:
        run = item.config.stash[RUN_KEY]
        check, reason = violation(error, check_of(item))
        acceptance = _acceptance(run, check, run.redactor.text(reason), error)
        if acceptance:
            skip = pytest.skip.Exception(acceptance)
            setattr(skip, ACCEPTED, True)
            raise skip from error
        raise


@dataclass
class Judged:
    """A case as the run judged it."""

    check: str  # the check it is filed under; COULD_NOT_JUDGE when the host did not answer usably
    reason: str = ""
    violated: bool = False  # a promise broken (also when a known finding accepts it)
    pointer: str = ""
    rule: str = ""
    known: str = ""  # why a known finding accepts it
    flaky: bool = False
    placement: Placement | None = None  # against the region's history
    detected_at: int | None = None  # the requests this process had sent when the failing answer arrived
    request_id: str = ""  # the failing answer's
    seen: dict[str, dict[str, Any]] = field(default_factory=dict)  # what the test added: drift, notes, keys, ...


# Innermost (trylast): what it changes (the exception, longrepr, when) is done before allure-pytest and
# JUnit read the report.
@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    run = item.config.stash[RUN_KEY]
    error = _error_of(call)
    # The failing example's last answer is the one a check judged: the host's logs know it by its request id.
    request_id = run.host.exchanges.last_request_id() if run.host is not None else ""
    redact_failures(error, run.redactor, request_id)
    report = yield
    skip_when_spent(report, item, error)
    if (report.failed or _accepted(call)) and profiles.pass_of(item) == profiles.FIRST_PASS:
        run.failed_first.add(getattr(item, "originalname", item.name))
    if report.when != "call" and not report.failed:
        if report.when == "setup" and report.skipped:  # a deep case whose first pass failed: filed beside it
            reporting.label_case(check_of(item), run.settings.region, run.base_url, item.name)
        return report
    if isinstance(report, SubtestReport):
        # Schemathesis' per-phase subtest: the test's own report carries the verdict; a known one is skipped too.
        if report.failed and error is not None and host_unavailable(error) is None:
            check, reason = _verdict(run, item, call, report, error)
            if check != COULD_NOT_JUDGE:
                _file_if_known(run, item, report, Judged(check, reason, True, *violation_of(error, check)))
        return report
    judged = _classify(run, item, call, report, error, request_id)
    _record(run, item, report, judged)
    drop_filtered_replays(report)
    redact_report(report, run.redactor)
    if judged.violated and report.failed:  # allure-pytest reads the exception after this hook: one line of it
        try:
            raise reporting.broken_promise(judged.check, judged.reason, judged.pointer, judged.request_id)
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


def _acceptance(run: ConformanceRun, check: str, reason: str, error: BaseException) -> str:
    """Why a known finding accepts this violation ("" if none does, or it is no violation)."""
    if check == COULD_NOT_JUDGE or run.host is None:
        return ""
    pointer, rule = violation_of(error, check)
    return run.known_cases.acceptance(pointer, rule, check, reason)


def _classify(
    run: ConformanceRun,
    item: pytest.Item,
    call: pytest.CallInfo[None],
    report: pytest.TestReport,
    error: BaseException | None,
    request_id: str,
) -> Judged:
    judged = Judged(*_verdict(run, item, call, report, error))
    judged.violated = (
        (report.failed or _accepted(call))
        and report.when == "call"
        and judged.check != COULD_NOT_JUDGE
        and run.host is not None
    )
    mark = item.stash.get(SEEN_BEFORE, None)
    judged.seen = run.host.seen_since(mark) if run.host is not None and mark is not None else NOTHING_SEEN
    if judged.violated and error is not None and run.host is not None:
        _judge_violation(run, item, call, error, request_id, judged)
    if run.host is not None:  # after the flaky replay: what it sends counts for the run, not for a case
        item.stash[SEEN_BEFORE] = run.host.mark()  # a second report of one test (Schemathesis') counts anew
    if run.history is not None and report.when == "call" and (judged.violated or report.passed):
        judged.placement = run.history.place(item.nodeid, judged.violated)
    return judged


def _judge_violation(
    run: ConformanceRun,
    item: pytest.Item,
    call: pytest.CallInfo[None],
    error: BaseException,
    request_id: str,
    judged: Judged,
) -> None:
    assert run.host is not None
    judged.pointer, judged.rule = violation_of(error, judged.check)
    judged.request_id = request_id
    # "Requests to detect": how many this process had sent when the answer that failed arrived (Hypothesis
    # replays a generated failing example once before it reports it, an explicit one not).
    replayed = 0 if explicit_example_failed(error) else run.host.exchanges.replayed_requests()
    judged.detected_at = run.host.client.traffic[SENT] - replayed
    judged.flaky = did_not_fail_again(item, error, check_of(item))
    judged.known = str(call.excinfo.value.msg) if _accepted(call) and call.excinfo is not None else ""


def _verdict(
    run: ConformanceRun,
    item: pytest.Item,
    call: pytest.CallInfo[None],
    report: pytest.TestReport,
    error: BaseException | None,
) -> tuple[str, str]:
    """The check a case is filed under, and why: a contract violation, not judged, or could-not-judge."""
    if report.skipped and error is not None and budget_spent(error):
        return check_of(item), BUDGET_SPENT
    if report.skipped and error is not None and LEFT_NO_ROOM in str(error):
        return check_of(item), LEFT_NO_ROOM
    if (not report.failed and not _accepted(call)) or error is None:
        return check_of(item), ""
    check, reason = violation(error, check_of(item))
    if check != COULD_NOT_JUDGE:
        return check, run.redactor.text(reason)
    # An error of the run, not a contract failure: pytest and JUnit count a failure outside the call phase as
    # an error, so the report is filed there.
    report.when = "setup"
    if suite_cannot_generate(error):
        return COULD_NOT_JUDGE, (
            "the suite could not generate its own test data (a Hypothesis health check fired: "
            f"{str(error).splitlines()[0][:200]}): a bug of the suite, not of the host"
        )
    return COULD_NOT_JUDGE, str(host_unavailable(error))


def _file_if_known(run: ConformanceRun, item: pytest.Item, report: pytest.TestReport, judged: Judged) -> None:
    """A report Schemathesis made (of an operation, or a subtest) whose violation a known finding accepts is
    skipped with the reason, before JUnit writes it: no test call of ours raised it to be ended as a skip."""
    acceptance = run.known_cases.acceptance(judged.pointer, judged.rule, judged.check, judged.reason)
    if acceptance:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.location[1] or 0) + 1, acceptance)
        judged.known = acceptance


def _record(run: ConformanceRun, item: pytest.Item, report: pytest.TestReport, judged: Judged) -> None:
    """The case where each output reads it: the report's sections and the item's properties (JUnit), the
    Allure case, and the outcome the run's record takes (it travels on the report, to an xdist controller too)."""
    if judged.violated and not judged.known:  # a report Schemathesis made, of a call not ours to end
        _file_if_known(run, item, report, judged)
    reproduce = replay_line(run, item)
    exchanges = run.host.exchanges.exchanges[-SHOWN_EXCHANGES:] if run.host is not None else []
    credentials = run.settings.credentials
    embedded = run.settings.uses_embedded_sandbox and run.host is not None
    preamble = sandbox_preamble(run.settings, run.host.client.base_url) if embedded else ""
    if report.failed:
        if exchanges:
            shown = "\n\n".join(str(render(e, run.redactor, credentials, 2000, preamble)) for e in exchanges)
            report.sections.append(("Exchanges of the failing example (secrets redacted)", shown))
        report.sections.append(("Reproduce", reproduce))
    placement = judged.placement
    reporting.label_case(check_of(item), run.settings.region, run.base_url, item.name)
    reporting.shown_parameters(getattr(getattr(item, "callspec", None), "params", {}))
    reporting.place_case(placement.kind if placement else "", judged.flaky, bool(judged.known))
    shown_id = judged.request_id if judged.violated else ""
    reporting.describe_outcome(
        judged.check, judged.reason, reproduce, str(placement) if placement else "", judged.flaky, shown_id
    )
    reporting.attach_exchanges(exchanges, run.redactor, credentials, preamble)
    if judged.seen["drift"]:
        reporting.attach_drift(sorted(judged.seen["drift"].items()))
    if judged.seen["notes"]:
        reporting.attach_notes(sorted(judged.seen["notes"].items()))
    item.user_properties.append(("check", judged.check))  # JUnit writes the item's properties with the teardown report
    if placement is not None:
        item.user_properties.append(("history", str(placement)))
    if judged.flaky:
        item.user_properties.append(("flaky", "passed when replayed once; still a failure"))
    outcome = {"check": judged.check, "reason": judged.reason, **judged.seen, "flaky": judged.flaky}
    # A coverage test's first pass (a deep pass, when it has one, is random depth).
    first = profiles.pass_of(item) == profiles.FIRST_PASS
    outcome["coverage"] = first and item.get_closest_marker("coverage") is not None
    if judged.violated:
        outcome |= {"pointer": judged.pointer, "rule": judged.rule, "replay": reproduce}
        if judged.known:
            outcome["known"] = judged.known
        if judged.request_id:
            outcome["request_id"] = judged.request_id
            item.user_properties.append(("request id", judged.request_id))
        key = finding_key(judged.pointer, judged.rule)
        item.user_properties.append(("finding", key))  # the JUnit file names each case's finding
        reporting.label_finding(key)
    if placement is not None:
        outcome["placement"] = {"kind": placement.kind, "since": placement.since, "runs": placement.runs}
    if judged.detected_at is not None:
        outcome["detected_at"] = judged.detected_at
    report.user_properties = [*item.user_properties, (OUTCOME, outcome)]
    run.count_traffic_here(judged.seen["traffic"])
