"""The terminal's summary of a run, written from its record: the verdict, the findings first, then what the run
wrote, sent and noticed, in a few lines."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any

import pytest

from capillary_conformance.core.exit_status import ExitStatus
from capillary_conformance.core.record import RunRecord
from capillary_conformance.plugin.outputs.render import cut_middle
from capillary_conformance.plugin.verdict import history


class TerminalSummary:
    """The run's section at the end of pytest's terminal output. A plugin object on the process that writes the
    terminal (the xdist controller, or the only process), registered once the host is started and probed: a run
    stopped before that has said in one line why."""

    def __init__(self, record: RunRecord, target_id: int, listed: bool) -> None:
        self.record, self.target_id, self.listed = record, target_id, listed

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        terminalreporter.section("capillary conformance")
        for line in lines(self.record, self.target_id, listed=self.listed):
            terminalreporter.write_line(line)


def register(config: pytest.Config, record: RunRecord, target_id: int, listed: bool) -> None:
    """On the process that writes the terminal."""
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(TerminalSummary(record, target_id, listed), "capillary-terminal-summary")


def lines(record: RunRecord, target_id: int, listed: bool = True) -> list[str]:
    """``listed``: the keys written are named (a real host's target, which a person may look at), else counted."""
    written = [f"host {record.host} (region {record.region}): {record.verdict_line()}", *_findings_lines(record)]
    requests = record.requests
    written += [f"could not judge {count} test(s): {cause}" for cause, count in record.unjudged_causes()]
    names = record.key_names()
    keys = ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
    wrote = f"wrote {len(record.written_keys)} distinct key(s) on target {target_id}"
    written.append(f"{wrote}: {keys or 'none'}" if listed and names else wrote)
    if record.cleanup is not None:
        written.append(
            ("clean-up: " if not record.cleanup.failed else "CLEAN-UP INCOMPLETE: ") + record.cleanup.summary()
        )
    seen = f"; the first broken promise was seen at request {requests.first_violation_at}"
    seen = seen if record.violated_checks and requests.first_violation_at is not None else ""
    written.append(f"{requests.spent()}, {requests.throttled} answered 429" + seen)
    if requests.rate_lowered:
        written.append(
            f"the host answered 429 at {requests.rate}: the run lowered its rate to "
            f"{', then '.join(requests.rate_lowered)} "
            "(someone else spends the same key's budget: leave headroom in CAPILLARY_RATE_LIMIT)"
        )
    elif requests.throttled and requests.rate is None:
        written.append(
            f"{requests.throttled} answer(s) were 429 and no rate was given: set CAPILLARY_RATE_LIMIT, e.g. 80/min "
            "for a key allowed 100 a minute that others use too"
        )
    covered = record.covered
    if covered:
        written.append(
            f"the coverage pass (each point of the contract's finite spaces, asked once): {requests.coverage_pass} "
            f"request(s) in {len(covered)} case(s), {sum(case.violated for case in covered)} failed"
            + (f", {unjudged} not judged" if (unjudged := sum(case.unjudged for case in covered)) else "")
        )
    written += _history_lines(record.history)
    if record.unspent:
        written.append(f"request budget of {requests.planned} spent: {record.unspent} test(s) skipped, not judged")
    written += [f"the budget left out part of the coverage pass: {trimmed}" for trimmed in record.left_out]
    if requests.retried:
        written.append(f"{requests.retried} request(s) were retried, {requests.retry_seconds:.1f}s spent retrying them")
    if record.notes:
        written.append("HTTP notes and the host's warnings (no promise broken, worth a look):")
        written += [f"  {text}  ({count}x)" for text, count in record.notes.items()]
    if record.drift:
        written.append("contract drift (undocumented fields, allowed but worth a look):")
        written += [f"  {path}  seen {count}x" for path, count in record.drift.items()]
    written += textwrap.fill(f"note: {record.deprecation}.", 100, subsequent_indent="  ").splitlines()
    return [*written, exit_line(record)]


def exit_line(record: RunRecord) -> str:
    """The exit status in the suite's words: what a CI log's last line of ours says."""
    said = {
        ExitStatus.CONFORMS: "conforms"
        + (" (every finding a known one)" if record.findings else "")
        + (f" (partly: {record.cut_short})" if record.cut_short else ""),
        ExitStatus.VIOLATION: f"violations: {len(record.findings)} broken promise(s), each above with its replay",
        ExitStatus.COULD_NOT_JUDGE: "could not judge: the host did not answer usably (no verdict on the contract)",
        ExitStatus.NOT_FULLY_JUDGED: f"not fully judged: {record.cut_short} (a larger CAPILLARY_MAX_REQUESTS or "
        "CAPILLARY_MAX_DURATION asks it all; CAPILLARY_PARTIAL_VERDICT=1 accepts a partial run)",
    }
    return f"exit {record.exitstatus}: {said.get(record.exitstatus, record.verdict)}"


def _findings_lines(record: RunRecord) -> list[str]:
    """The findings first: one per broken promise, with what it broke, one message and one replay."""
    written = [f"{len(record.findings)} finding(s), one per broken promise:"] if record.findings else []
    for number, finding in enumerate(record.findings, 1):
        written.append(f"  {number}. {finding.status.upper()} {finding.describe()}")
        written.append(f"     {cut_middle(finding.messages[0], 400)}")
        if finding.request_id:
            written.append(f"     failing answer: {finding.request_id}")
        if finding.acceptance:
            written.append(f"     {finding.acceptance}")
        written.append(f"     replay: {finding.replay}")
    for entry in record.known_unused:
        reason = entry.get("reason", "")
        written.append(f"known finding matched nothing (fixed? remove it): {reason} {entry}")
    return written


def _history_lines(summary: dict[str, Any]) -> list[str]:
    """A few lines: the region's streak, then the failures by check as new or recurring, the fixed, the flaky."""
    written = []
    if "trend" in summary:
        since = summary["broken_since"]
        streak = "" if since is None else f"; broken since {since['at']} ({since['runs']} run(s) in a row)"
        earlier = f"{summary['earlier_runs']} earlier run(s) in {summary['dir']}"
        written.append(f"history: {earlier}{streak}; last runs {summary['trend']} (newest first; x: a violation)")
    for kind, label in ((history.NEW, "new"), (history.RECURRING, "recurring"), (history.FIXED, "fixed"),
                        ("flaky", "flaky (passed when replayed once; still a failure)")):  # fmt: skip
        entries = summary.get(kind, [])
        if entries:
            checks = Counter(entry["check"] for entry in entries)
            counted = ", ".join(f"{check} ({n})" if n > 1 else check for check, n in sorted(checks.items()))
            oldest = min((entry["since"] for entry in entries if entry.get("since")), default="")
            written.append(f"  {label}: {len(entries)} case(s) in {counted}" + (f", since {oldest}" if oldest else ""))
    return written
