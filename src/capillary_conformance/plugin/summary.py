"""The run's end: its exit status, results.json, the report's environment and categories, and the
terminal's verdict in a few lines."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _pytest.subtests import SubtestReport

from capillary_conformance.client.http import RequestBudgetSpent
from capillary_conformance.client.resilience import rate_changes
from capillary_conformance.plugin import allure_report as reporting
from capillary_conformance.plugin import findings, history, known, probes
from capillary_conformance.plugin.case_report import BUDGET_SPENT, RUN_KEY
from capillary_conformance.plugin.classify import COULD_NOT_JUDGE, ExitStatus
from capillary_conformance.plugin.deprecation import deprecation_line
from capillary_conformance.plugin.plan import LEFT_NO_ROOM, left_out
from capillary_conformance.plugin.run import OUTCOME, ConformanceRun


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = session.config.stash.get(RUN_KEY, None)
    if run is None:
        return
    if session.exitstatus == ExitStatus.INTERRUPTED and run.stopped_at_maxfail:
        session.exitstatus = ExitStatus.VIOLATION
    failed = [r for r in run.results if r["outcome"] == "failed"]
    if session.exitstatus == ExitStatus.VIOLATION and failed and all(r["check"] == COULD_NOT_JUDGE for r in failed):
        session.exitstatus = ExitStatus.COULD_NOT_JUDGE
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller cleans up and writes the run's files
    try:
        if session.exitstatus != ExitStatus.INTERRUPTED:
            _send_probes(run)
    finally:
        run.leave_target_safe()
    _judge_findings(session, run)
    run.history_summary = history.summarize(run.history, run.results)
    if run.history is not None:
        record = run.history.record(run.base_url, int(session.exitstatus), run.results)
        run.history.remember(record)
        run.history_summary["record"] = record  # what a nightly merged on another machine adds to its history
    allure_dir = getattr(session.config.option, "allure_report_dir", None)
    if allure_dir:
        panel = _findings_panel(run.findings) | _history_panel(run.history_summary) | run.environment()
        reporting.write_run_summary(Path(allure_dir), panel)
        reporting.file_known_cases(Path(allure_dir), known.known_reasons(run.findings))
    path = run.settings.results_json
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "host": run.base_url,
            "region": run.settings.region,
            "fault": run.settings.sandbox_fault,
            "exitstatus": int(session.exitstatus),
            "drift": dict(run.drift.items()),
            "notes": dict(run.notes.items()),
            "deprecation": deprecation_line(dict(run.announced.items())),
            "announced": dict(run.announced.items()),
            "requests": run.requests(),
            "processes": getattr(session.config.option, "numprocesses", None) or 1,
            "written_keys": run.footprint.keys(),
            "cleanup": None
            if run.cleanup is None
            else {"marker": run.cleanup.marker, "deactivated": run.cleanup.deactivated, "failed": run.cleanup.failed},
            "history": run.history_summary,
            "findings": [finding.as_json() for finding in run.findings],
            "probes": run.probes,
            "known_unused": [entry.shown() for entry in run.unused_known],
            "results": run.results,
        }
        path.write_text(json.dumps(summary, indent=2))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is None or run.host is None:
        return
    write = terminalreporter.write_line
    terminalreporter.section("capillary conformance")
    failed = sorted({r["check"] for r in run.results if r["outcome"] == "failed"} - {COULD_NOT_JUDGE})
    unjudged = sum(r["check"] == COULD_NOT_JUDGE for r in run.results)
    verdict = f"violations in {', '.join(failed)}" if failed else "conforms" if not unjudged else "no violation seen"
    unspent = sum(r["reason"] in (BUDGET_SPENT, LEFT_NO_ROOM) for r in run.results)
    verdict += f" (partly: {unspent} test(s) not judged, the request budget was spent)" if unspent else ""
    accepted = sum(1 for finding in run.findings if finding.known)
    verdict += f" ({accepted} known finding(s) accepted, listed below)" if accepted else ""
    write(f"host {run.base_url} (region {run.settings.region}): {verdict}")
    for line in _findings_lines(run):
        write(line)
    client = run.host.client
    if unjudged:
        write(
            f"could not judge {unjudged} test(s): the host stopped answering usably ({client.down or 'see the errors'})"
        )
    keys = ", ".join("/".join(map(str, key.values())) for key in run.footprint.keys()[:12])
    keys += " ..." if len(run.footprint) > 12 else ""
    write(f"wrote {len(run.footprint)} distinct key(s) on target {run.settings.target_id}: {keys or 'none'}")
    if run.cleanup is not None:
        write(("clean-up: " if not run.cleanup.failed else "CLEAN-UP INCOMPLETE: ") + run.cleanup.summary())
    requests = run.requests()
    plan = run.plan
    write(
        f"{plan.spent(requests['sent'])}, {requests['throttled']} answered 429"
        + (f"; the first broken promise was seen at request {requests['first_violation_at']}" if failed else "")
    )
    lowered = rate_changes(run.shared_dir)
    if lowered:
        write(
            f"the host answered 429 at {plan.rate}: the run lowered its rate to {', then '.join(lowered)} "
            "(someone else spends the same key's budget: leave headroom in CAPILLARY_RATE_LIMIT)"
        )
    elif requests["throttled"] and plan.rate is None:
        write(
            f"{requests['throttled']} answer(s) were 429 and no rate was given: set CAPILLARY_RATE_LIMIT, e.g. 80/min "
            "for a key allowed 100 a minute that others use too"
        )
    covered = [r for r in run.results if r.get("coverage")]
    if covered:
        write(
            f"the coverage pass (each point of the contract's finite spaces, asked once): {requests['coverage_pass']} "
            f"request(s) in {len(covered)} case(s), {sum(r['outcome'] == 'failed' for r in covered)} failed"
        )
    for line in _history_lines(run.history_summary):
        write(line)
    if unspent:
        write(f"request budget of {run.plan.budget} spent: {unspent} test(s) skipped, not judged")
    for trimmed in left_out(run.shared_dir):
        write(f"the budget left out part of the coverage pass: {trimmed}")
    if client.retried:
        write(f"{client.retried} request(s) were retried, {client.waited:.1f}s spent retrying them")
    if run.notes:
        write("HTTP notes and the host's warnings (no promise broken, worth a look):")
        for text, count in run.notes.items():
            write(f"  {text}  ({count}x)")
    if run.drift:
        write("contract drift (undocumented fields, allowed but worth a look):")
        for path, count in run.drift.items():
            write(f"  {path}  seen {count}x")
    write(textwrap.fill(f"note: {deprecation_line(dict(run.announced.items()))}.", 100, subsequent_indent="  "))


def _history_panel(summary: dict[str, Any]) -> dict[str, str]:
    """The report's first screen: since when the region is broken, and its last runs."""
    if "trend" not in summary:
        return {}
    since = summary["broken_since"]
    return {
        "Broken since": "not broken" if since is None else f"{since['at']} ({since['runs']} run(s) in a row)",
        "Last runs": f"{summary['trend']}  (newest first; x: a violation, +: none)",
        "New / recurring / fixed / flaky": " / ".join(
            str(len(summary[kind])) for kind in (history.NEW, history.RECURRING, history.FIXED, "flaky")
        ),
    }


def _history_lines(summary: dict[str, Any]) -> list[str]:
    """A few lines: the region's streak, then the failures by check as new or recurring, the fixed, the flaky."""
    lines = []
    if "trend" in summary:
        since = summary["broken_since"]
        streak = "" if since is None else f"; broken since {since['at']} ({since['runs']} run(s) in a row)"
        earlier = f"{summary['earlier_runs']} earlier run(s) in {summary['dir']}"
        lines.append(f"history: {earlier}{streak}; last runs {summary['trend']} (newest first; x: a violation)")
    for kind, label in ((history.NEW, "new"), (history.RECURRING, "recurring"), (history.FIXED, "fixed"),
                        ("flaky", "flaky (passed when replayed once; still a failure)")):  # fmt: skip
        entries = summary.get(kind, [])
        if entries:
            checks = Counter(entry["check"] for entry in entries)
            counted = ", ".join(f"{check} ({n})" if n > 1 else check for check, n in sorted(checks.items()))
            oldest = min((entry["since"] for entry in entries if entry.get("since")), default="")
            lines.append(f"  {label}: {len(entries)} case(s) in {counted}" + (f", since {oldest}" if oldest else ""))
    return lines


def _judge_findings(session: pytest.Session, run: ConformanceRun) -> None:
    """Group the failures into findings and hold them against the known findings file: a run whose every
    finding is known (and not expired) conforms; the cases of a known finding become skipped."""
    run.findings = findings.gather(run.results)
    run.unused_known = known.judge(run.findings, run.known, run.settings.region, date.today())
    reasons = known.known_reasons(run.findings)
    for result in run.results:
        key = findings.finding_key(result.get("pointer", ""), result.get("rule") or result["check"])
        if result["outcome"] == "failed" and result["check"] != COULD_NOT_JUDGE and key in reasons:
            result["outcome"], result["known"] = "skipped", reasons[key]
    all_known = run.findings and all(f.known for f in run.findings) and _every_failure_has(session, reasons)
    if session.exitstatus == ExitStatus.VIOLATION and all_known:
        unjudged = any(r["check"] == COULD_NOT_JUDGE and r["outcome"] == "failed" for r in run.results)
        session.exitstatus = ExitStatus.COULD_NOT_JUDGE if unjudged else ExitStatus.CONFORMS


def _every_failure_has(session: pytest.Session, reasons: dict[str, str]) -> bool:
    """Every failed report pytest counted belongs to a known finding (a crashed xdist worker's report, or
    anything else with no finding, keeps the run failed). Schemathesis' subtests follow their test."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return True
    failed = [r for key in ("failed", "error") for r in reporter.stats.get(key, []) if not isinstance(r, SubtestReport)]
    return all(known.finding_of(report) in reasons or _unjudged(report) for report in failed)


def _unjudged(report: pytest.TestReport) -> bool:
    outcome = dict(report.user_properties).get(OUTCOME)
    return isinstance(outcome, dict) and outcome.get("check") == COULD_NOT_JUDGE


def _findings_panel(found: list[findings.Finding]) -> dict[str, str]:
    """The report's first lines: one per finding."""
    return {
        f"Finding {number} ({finding.status})": "; ".join(
            filter(
                None,
                [
                    findings.describe(finding),
                    finding.request_id and f"failing answer {finding.request_id}",
                    finding.acceptance,
                ],
            )
        )
        for number, finding in enumerate(found, 1)
    }


def _findings_lines(run: ConformanceRun) -> list[str]:
    """The findings first: one per broken promise, with what it broke, one message and one replay."""
    lines = []
    if run.findings:
        lines.append(f"{len(run.findings)} finding(s), one per broken promise:")
    for number, finding in enumerate(run.findings, 1):
        lines.append(f"  {number}. {finding.status.upper()} {findings.describe(finding)}")
        lines.append(f"     {finding.messages[0][:300]}")
        if finding.request_id:
            lines.append(f"     failing answer: {finding.request_id}")
        if finding.acceptance:
            lines.append(f"     {finding.acceptance}")
        lines.append(f"     replay: {finding.replay}")
    for entry in run.unused_known:
        lines.append(f"known finding matched nothing (fixed? remove it): {entry.reason} {entry.shown()}")
    return lines


def _send_probes(run: ConformanceRun) -> None:
    """The nightly's probe requests (CAPILLARY_REGION_PROBES), their writes cleaned up with the run's."""
    if not run.settings.region_probes or run.host is None or run.host.client.down:
        return
    mark = run.host.footprint.snapshot()
    run.host.client.lift_budget()  # the plan kept them in its reserve, with the clean-up
    try:
        # What a host answers may echo a secret: the facets are redacted as every other quote of it.
        run.probes = json.loads(run.redactor.text(json.dumps(probes.send(run.host))))
    except (Exception, RequestBudgetSpent) as error:  # a comparison is not worth the run's files
        run.probes = {"not sent": {"reason": run.redactor.text(f"{type(error).__name__}: {error}")}}
    finally:
        run.footprint.merge(run.host.footprint.since(mark))
