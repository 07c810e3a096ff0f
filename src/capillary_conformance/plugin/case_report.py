"""What a test's report carries: its check and reason, the exchanges, the replay line, no secret."""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
from _pytest.subtests import SubtestReport

from capillary_conformance.checks import CheckFailure
from capillary_conformance.client.http import SENT
from capillary_conformance.core.record import BUDGET_SPENT, LEFT_NO_ROOM
from capillary_conformance.plugin import allure_report as reporting
from capillary_conformance.plugin import profiles
from capillary_conformance.plugin.classify import (
    COULD_NOT_JUDGE,
    budget_spent,
    check_failures,
    did_not_reproduce,
    explicit_example_failed,
    host_unavailable,
    replayed_by_hypothesis,
    suite_cannot_generate,
    violation_of,
)
from capillary_conformance.plugin.findings import finding_key
from capillary_conformance.plugin.host import Seen
from capillary_conformance.plugin.render import render
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
    """A command that draws the same examples from the same host (with the same CAPILLARY_* environment)."""
    seed = item.config.getoption("hypothesis_seed", None)
    options = [*([f"--hypothesis-seed={seed}"] if seed is not None else []), *run.settings.replay_options()]
    return f"capillary-conformance run --reports-dir reports/replay {' '.join(options)} '{test_id(item)}'"


ACCEPTED = "capillary_accepted"  # set on the skip that ends a test whose violation a known finding accepts


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A test's violation that a known finding accepts ends it as a skip, with the reason, so that pytest,
    JUnit and Allure all write it as one; the violation is the skip's ``__cause__``, for the record."""
    try:
        return (yield)
    except Exception as error:
        run = item.config.stash[RUN_KEY]
        check, reason = _violation(run, item, error)
        if check != COULD_NOT_JUDGE and run.host is not None:
            pointer, rule = violation_of(error, check)
            acceptance = run.known_cases.acceptance(finding_key(pointer, rule), pointer, rule, check, reason)
            if acceptance:
                skip = pytest.skip.Exception(acceptance)
                setattr(skip, ACCEPTED, True)
                raise skip from error
        raise


def _error_of(call: pytest.CallInfo[None]) -> BaseException | None:
    """What the test raised: the violation itself when a known finding accepted it."""
    if call.excinfo is None:
        return None
    error = call.excinfo.value
    return error.__cause__ if _accepted(call) else error


def _accepted(call: pytest.CallInfo[None]) -> bool:
    return call.excinfo is not None and getattr(call.excinfo.value, ACCEPTED, False)


# Innermost (trylast): what it changes (the exception, longrepr, when) is done before allure-pytest and
# JUnit read the report.
@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    run = item.config.stash[RUN_KEY]
    # The failing example's last answer is the one a check judged: the host's logs know it by its request id.
    request_id = (
        run.host.exchanges.exchanges[-1].request_id if run.host is not None and run.host.exchanges.exchanges else ""
    )
    error = _error_of(call)
    accepted = _accepted(call)
    if error is not None:
        # A host's answer may echo a secret, and allure-pytest quotes the exception itself.
        for failure in check_failures(error):
            failure.redacted(run.redactor.text)
            failure.answered_by(request_id)
    report = yield
    spent = budget_spent(call.excinfo.value) if call.excinfo is not None else None
    if spent is not None and report.when == "call":
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {spent}")
    if (report.failed or accepted) and profiles.pass_of(item) == profiles.FIRST_PASS:
        run.failed_first.add(getattr(item, "originalname", item.name))
    if report.when != "call" and not report.failed:
        if report.when == "setup" and report.skipped:  # a deep case whose first pass failed: filed beside it
            reporting.label_case(check_of(item), run.settings.region, run.base_url, item.name)
        return report
    if isinstance(report, SubtestReport):
        # Schemathesis' per-phase subtest: the test's own report carries the verdict; a known one is skipped too.
        if report.failed and call.excinfo is not None and host_unavailable(call.excinfo.value) is None:
            check, reason = _verdict(run, item, call, report)
            if check != COULD_NOT_JUDGE:
                _file_if_known(run, item, report, check, reason, call.excinfo.value)
        return report
    check, reason = (
        _violation(run, item, error) if accepted and error is not None else _verdict(run, item, call, report)
    )
    reproduce = replay_line(run, item)
    exchanges = run.host.exchanges.exchanges[-SHOWN_EXCHANGES:] if run.host is not None else []
    credentials = run.settings.credentials
    failed = report.failed or accepted
    violated = failed and report.when == "call" and check != COULD_NOT_JUDGE and run.host is not None
    # "Requests to detect": how many this process had sent when the answer that failed arrived.
    detected_at = run.host.client.traffic[SENT] - _replayed(run, error) if violated else None
    mark = item.stash.get(SEEN_BEFORE, None)
    seen = run.host.seen_since(mark) if run.host is not None and mark is not None else NOTHING_SEEN
    # The replay below is not this case's traffic: what it sends counts for the run, not the case.
    flaky = violated and error is not None and _did_not_fail_again(item, error)
    if run.host is not None:
        item.stash[SEEN_BEFORE] = run.host.mark()  # a second report of one test (Schemathesis') counts anew
    judged = report.when == "call" and (violated or report.passed)
    placement = run.history.place(item.nodeid, violated) if run.history is not None and judged else None
    known = str(call.excinfo.value.msg) if accepted and call.excinfo is not None else ""
    if violated and not known and error is not None:  # a report Schemathesis made, of a call not ours to end
        known = _file_if_known(run, item, report, check, reason, error)
    if report.failed:
        if exchanges:
            shown = "\n\n".join(str(render(e, run.redactor, credentials, limit=2000)) for e in exchanges)
            report.sections.append(("Exchanges of the failing example (secrets redacted)", shown))
        report.sections.append(("Reproduce", reproduce))
    reporting.label_case(check_of(item), run.settings.region, run.base_url, item.name)
    reporting.place_case(placement.kind if placement else "", flaky, bool(known))
    shown_id = request_id if violated else ""
    reporting.describe_outcome(check, reason, reproduce, str(placement) if placement else "", flaky, shown_id)
    reporting.attach_exchanges(exchanges, run.redactor, credentials)
    if seen["drift"]:
        reporting.attach_drift(sorted(seen["drift"].items()))
    if seen["notes"]:
        reporting.attach_notes(sorted(seen["notes"].items()))
    if report.failed and report.longrepr is not None:
        # Whatever a traceback or a printed example holds, no secret leaves in it (the structured
        # longrepr is kept when there is nothing to hide: JUnit reads its one-line message from it).
        text = str(report.longrepr)
        if run.redactor.text(text) != text:
            report.longrepr = run.redactor.text(text)
    item.user_properties.append(("check", check))  # JUnit writes the item's properties with the teardown report
    if placement is not None:
        item.user_properties.append(("history", str(placement)))
    if flaky:
        item.user_properties.append(("flaky", "passed when replayed once; still a failure"))
    # The verdict travels on the report itself, so that a pytest-xdist controller gets it from its workers.
    outcome = {"check": check, "reason": run.redactor.text(reason), **seen, "flaky": flaky}
    # A coverage test's first pass (a deep pass, when it has one, is random depth).
    first = profiles.pass_of(item) == profiles.FIRST_PASS
    outcome["coverage"] = first and item.get_closest_marker("coverage") is not None
    if violated and error is not None:
        pointer, rule = violation_of(error, check)
        outcome |= {"pointer": pointer, "rule": rule, "replay": reproduce}
        if known:
            outcome["known"] = known
        if request_id:
            outcome["request_id"] = request_id
            item.user_properties.append(("request id", request_id))
        key = finding_key(pointer, rule)
        item.user_properties.append(("finding", key))  # the JUnit file names each case's finding
        reporting.label_finding(key)
    if placement is not None:
        outcome["placement"] = {"kind": placement.kind, "since": placement.since, "runs": placement.runs}
    if detected_at is not None:
        outcome["detected_at"] = detected_at
    report.user_properties = [*item.user_properties, (OUTCOME, outcome)]
    run.count_traffic_here(seen["traffic"])
    return report


def _file_if_known(
    run: ConformanceRun, item: pytest.Item, report: pytest.TestReport, check: str, reason: str, error: BaseException
) -> str:
    """A report Schemathesis made (of an operation, or a subtest) whose violation a known finding accepts is
    skipped with the reason, before JUnit writes it: no test call of ours raised it to be ended as a skip."""
    pointer, rule = violation_of(error, check)
    acceptance = run.known_cases.acceptance(finding_key(pointer, rule), pointer, rule, check, reason)
    if acceptance:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.location[1] or 0) + 1, acceptance)
    return acceptance


def _verdict(
    run: ConformanceRun, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
) -> tuple[str, str]:
    """The check a failure is filed under, and why: a contract violation, or could-not-judge."""
    if report.skipped and call.excinfo is not None and budget_spent(call.excinfo.value):
        return check_of(item), BUDGET_SPENT
    if report.skipped and call.excinfo is not None and LEFT_NO_ROOM in str(call.excinfo.value):
        return check_of(item), LEFT_NO_ROOM
    if not report.failed or call.excinfo is None:
        return check_of(item), ""
    check, reason = _violation(run, item, call.excinfo.value)
    if check != COULD_NOT_JUDGE:
        return check, reason
    if suite_cannot_generate(call.excinfo.value):
        report.when = "setup"  # an error of the run (see below), never a contract failure
        return COULD_NOT_JUDGE, (
            "the suite could not generate its own test data (a Hypothesis health check fired: "
            f"{str(call.excinfo.value).splitlines()[0][:200]}): a bug of the suite, not of the host"
        )
    unavailable = host_unavailable(call.excinfo.value)
    if unavailable is not None:
        # An error of the run, not a contract failure: pytest and JUnit count a failure outside the
        # call phase as an error, so the report is filed there.
        report.when = "setup"
        return COULD_NOT_JUDGE, str(unavailable)
    return COULD_NOT_JUDGE, reason


def _violation(run: ConformanceRun, item: pytest.Item, error: BaseException) -> tuple[str, str]:
    """The check a failure is filed under, and why; COULD_NOT_JUDGE when it is no verdict on the host (the host
    did not answer usably, or the suite could not generate its data)."""
    failures: list[CheckFailure] = check_failures(error)
    if failures:
        return failures[0].check, failures[0].reason
    if suite_cannot_generate(error) or host_unavailable(error) is not None:
        return COULD_NOT_JUDGE, ""
    lines = [line.strip(" -") for line in str(error).splitlines() if line.strip()]
    return check_of(item), run.redactor.text("; ".join(lines[:3]))


def _did_not_fail_again(item: pytest.Item, error: BaseException) -> bool:
    """Flaky: a failure that did not come back when replayed once. Hypothesis replays a generated example
    itself; a test it does not drive, or an explicit example, is run once more here (not Schemathesis',
    whose examples Hypothesis replays)."""
    if replayed_by_hypothesis(error) or check_of(item) == "schemathesis":
        return did_not_reproduce(error)
    test = getattr(item, "obj", None)
    given = getattr(test, "_hypothesis_internal_use_settings", None)
    try:
        if given is not None:  # the explicit examples only: not the whole search again
            test._hypothesis_internal_use_settings = hypothesis.settings(given, phases=[hypothesis.Phase.explicit])
        item.runtest()
    except (KeyboardInterrupt, SystemExit, pytest.exit.Exception):
        raise
    except BaseException:
        return False
    finally:
        if given is not None:
            test._hypothesis_internal_use_settings = given
    return True


def _replayed(run: ConformanceRun, error: BaseException | None) -> int:
    """Requests sent after the failure was seen: Hypothesis runs a generated failing example once more
    before it reports it, an explicit one (``@example``) not."""
    explicit = error is not None and explicit_example_failed(error)
    return 0 if explicit or run.host is None else run.host.exchanges.replayed_requests()
