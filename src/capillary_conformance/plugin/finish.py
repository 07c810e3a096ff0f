"""The run's end: its exit status, the nightly's probes, the clean-up, the findings held against the known ones
and the history; then the record is concluded and handed to the outputs of the run (``pytest_capillary_run_concluded``:
the JUnit file's verdict, the report's panel, results.json), each of which writes it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from capillary_conformance.client.http import RequestBudgetSpent
from capillary_conformance.client.resilience import rate_changes
from capillary_conformance.plugin.budget.plan import left_out, spaces
from capillary_conformance.plugin.run import RUN_KEY, ConformanceRun
from capillary_conformance.plugin.target import probes
from capillary_conformance.plugin.verdict import findings, history, known
from capillary_conformance.plugin.verdict.classify import ExitStatus
from capillary_conformance.plugin.verdict.deprecation import deprecation_line


@pytest.hookimpl(tryfirst=True)  # before junitxml writes its file
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = session.config.stash.get(RUN_KEY, None)
    if run is None:
        return
    record = run.record
    if session.exitstatus == ExitStatus.INTERRUPTED and run.stopped_at_maxfail:
        session.exitstatus = ExitStatus.VIOLATION
    failed = [case for case in record.results if case.outcome == "failed"]
    if session.exitstatus == ExitStatus.VIOLATION and failed and all(case.unjudged for case in failed):
        session.exitstatus = ExitStatus.COULD_NOT_JUDGE
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller cleans up and writes the run's files
    try:
        if session.exitstatus != ExitStatus.INTERRUPTED:
            _send_probes(run)
    finally:
        run.leave_target_safe()
    record.findings = findings.gather(record.results)
    accepted = {case.nodeid for case in record.results if case.known}
    unused = known.judge(record.findings, run.known, run.settings.region, date.today(), accepted)
    record.known_unused = [entry.shown() for entry in unused]
    record.history = history.summarize(run.history, record.results)
    if run.history is not None:
        remembered = run.history.record(run.base_url, int(session.exitstatus), record.results)
        run.history.remember(remembered)
        record.history["record"] = remembered  # what a nightly merged on another machine adds to its history
    _gather(run, session)
    if session.exitstatus == ExitStatus.CONFORMS and record.cut_short and not run.settings.partial_verdict:
        session.exitstatus = ExitStatus.NOT_FULLY_JUDGED  # a gate never says "conforms" for questions not asked
    record.conclude(session.exitstatus)
    session.config.hook.pytest_capillary_run_concluded(config=session.config, record=record)


def _gather(run: ConformanceRun, session: pytest.Session) -> None:
    """What the run's processes counted, into the record."""
    record = run.record
    run.count_requests()
    record.drift = dict(run.drift.items())
    record.notes = dict(run.notes.items())
    record.announced = dict(run.announced.items())
    record.deprecation = deprecation_line(record.announced)
    record.processes = getattr(session.config.option, "numprocesses", None) or 1
    record.written_keys = run.footprint.keys()
    record.left_out = left_out(run.shared_dir)
    record.spaces = spaces(run.shared_dir)
    record.requests.rate_lowered = rate_changes(run.shared_dir)
    if run.host is not None:
        client = run.host.client
        record.down = client.down or ""
        record.requests.retried, record.requests.retry_seconds = client.retried, round(client.waited, 1)


def _send_probes(run: ConformanceRun) -> None:
    """The nightly's probe requests (CAPILLARY_REGION_PROBES), their writes cleaned up with the run's."""
    if not run.settings.region_probes or run.host is None or run.host.client.down:
        return
    mark = run.host.footprint.snapshot()
    run.host.client.lift_budget()  # the plan kept them in its reserve, with the clean-up
    try:
        # What a host answers may echo a secret: the facets are redacted as every other quote of it.
        run.record.probes = json.loads(run.redactor.text(json.dumps(probes.send(run.host))))
    except (Exception, RequestBudgetSpent) as error:  # a comparison is not worth the run's files
        run.record.probes = {"not sent": {"reason": run.redactor.text(f"{type(error).__name__}: {error}")}}
    finally:
        run.footprint.merge(run.host.footprint.since(mark))
