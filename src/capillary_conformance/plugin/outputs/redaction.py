"""No secret leaves in a test's report: a host's answer may echo one, and the failure quotes the answer."""

from __future__ import annotations

import pytest

from capillary_conformance.core.redact import Redactor
from capillary_conformance.plugin.verdict.classify import check_failures


def redact_failures(error: BaseException | None, redactor: Redactor, request_id: str) -> None:
    """Before the report is made (allure-pytest quotes the exception itself): each check failure's message
    redacted, and named by the failing answer's request id."""
    for failure in check_failures(error) if error is not None else []:
        failure.redacted(redactor.text)
        failure.answered_by(request_id)


def redact_report(report: pytest.TestReport, redactor: Redactor) -> None:
    """Whatever a traceback or a printed example holds (the structured longrepr is kept when there is nothing
    to hide: JUnit reads its one-line message from it)."""
    if report.failed and report.longrepr is not None:
        text = str(report.longrepr)
        if redactor.text(text) != text:
            report.longrepr = redactor.text(text)


def drop_filtered_replays(report: pytest.TestReport) -> None:
    """Schemathesis' own ``Reproduce with: curl -H 'authorization: [Filtered]'`` cannot work as printed (the
    run's replay lines are the ones that do): left out of the traceback pytest, JUnit and Allure write."""
    for traceback, _, _ in getattr(report.longrepr, "chain", None) or []:
        for entry in traceback.reprentries:
            lines = getattr(entry, "lines", None)
            if lines and any("[Filtered]" in line for line in lines):
                entry.lines = [_without_filtered(line) for line in lines]


def _without_filtered(text: str) -> str:
    kept = [line for line in text.split("\n") if "[Filtered]" not in line and "Reproduce with:" not in line]
    return "\n".join(kept)
