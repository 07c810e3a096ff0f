"""The HTML report's first screen, written from the run's record: the environment panel (one line per finding,
the run against its history, the host, the requests, what the run wrote and noticed, every setting that is not a
secret) and the failure categories, into the Allure results folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from capillary_conformance import __version__
from capillary_conformance.contracts import contract_version
from capillary_conformance.core.record import RunRecord
from capillary_conformance.core.settings import Settings
from capillary_conformance.plugin.outputs import allure as allure_report
from capillary_conformance.plugin.verdict import history
from capillary_conformance.sandbox.faults import variant_label


class ReportPanel:
    """A plugin object on the process that writes the run's files, registered only when Allure results are asked
    for (``--alluredir``): the panel is written once the run's record is concluded."""

    def __init__(self, results_dir: Path, settings: Settings) -> None:
        self.results_dir, self.settings = results_dir, settings

    def pytest_capillary_run_concluded(self, record: RunRecord) -> None:
        write(self.results_dir, record, self.settings)


def register(config: pytest.Config, settings: Settings) -> None:
    allure_dir = getattr(config.option, "allure_report_dir", None)
    if allure_dir and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ReportPanel(Path(allure_dir), settings), "capillary-report-panel")


def write(results_dir: Path, record: RunRecord, settings: Settings) -> None:
    allure_report.write_run_summary(results_dir, panel(record, settings), record.findings)


def panel(record: RunRecord, settings: Settings) -> dict[str, str]:
    return _findings(record) | _history(record.history) | _environment(record, settings)


def _findings(record: RunRecord) -> dict[str, str]:
    """The report's first lines: one per finding."""
    return {
        f"Finding {number} ({finding.status})": "; ".join(
            filter(
                None,
                [
                    finding.describe(),
                    finding.messages[0][:300] if finding.messages else "",
                    finding.request_id and f"failing answer {finding.request_id}",
                    finding.acceptance,
                ],
            )
        )
        for number, finding in enumerate(record.findings, 1)
    }


def _history(summary: dict) -> dict[str, str]:
    """Since when the region is broken, and its last runs."""
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


def _keys(record: RunRecord, shown: int = 12) -> str:
    """How many keys the run wrote, and the first few as the upsert key reads (START/1)."""
    keys = record.key_names()
    more = f" and {len(keys) - shown} more (results.json lists them all)" if len(keys) > shown else ""
    return f"{len(keys)}" + (f": {', '.join(keys[:shown])}{more}" if keys else "")


def _unjudged(record: RunRecord) -> str:
    return "; ".join(f"{count} test(s): {cause}" for cause, count in record.unjudged_causes())


def _environment(record: RunRecord, settings: Settings) -> dict[str, str]:
    """The host, versions, and every setting that is not a secret."""
    requests = record.requests
    fault = f" ({variant_label(record.fault)})" if record.fault else ""
    return {
        "Host": record.host + fault,
        "Requests": f"{requests.spent()}, {requests.throttled} answered 429; "
        f"{requests.coverage_pass} of them the coverage pass",
        "Suite version": __version__,
        "Contract version": contract_version(),
        "Deprecated": record.deprecation,
        "Contract drift": ", ".join(record.drift) or "none seen",
        "HTTP notes and warnings": "; ".join(f"{note} ({n}x)" for note, n in record.notes.items()) or "none",
        "Keys written": _keys(record),
        **({"Could not judge": _unjudged(record)} if record.unjudged else {}),
        "Clean-up": record.cleanup.summary() if record.cleanup else "not done (embedded sandbox, or turned off)",
        **{name: value or "not set" for name, value in settings.shown().items()},
    }
