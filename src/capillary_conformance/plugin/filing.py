"""The cases of a known finding filed as skipped where pytest itself wrote them as failed: the JUnit file
and the terminal's counts. A hook wrapper, innermost, so it runs after the JUnit file is written and
before the terminal summarizes the run (registered as a plugin of its own by ``hooks``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from capillary_conformance.plugin.case_report import RUN_KEY
from capillary_conformance.plugin.summary import finding_of, known_reasons


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> Iterator[None]:
    yield
    run = session.config.stash.get(RUN_KEY, None)
    if run is None or hasattr(session.config, "workerinput"):
        return
    reasons = known_reasons(run.findings)
    if not reasons:
        return
    xmlpath = getattr(session.config.option, "xmlpath", None)
    if xmlpath:
        path = session.config.invocation_params.dir / Path(xmlpath).expanduser()
        if path.is_file():
            _file_junit(path, reasons)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        _file_terminal(reporter.stats, reasons)


def _file_terminal(stats: dict[str, list], reasons: dict[str, str]) -> None:
    """The known cases counted as skipped in the terminal's last line (a Schemathesis subtest with its test)."""
    known = {
        report.nodeid: reasons[finding_of(report)]
        for report in stats.get("failed", [])
        if finding_of(report) in reasons
    }
    for category in [key for key in stats if "failed" in key]:
        reports = stats[category]
        for report in [report for report in reports if report.nodeid in known]:
            reports.remove(report)
            report.outcome = "skipped"
            report.longrepr = (str(report.fspath), (report.location[1] or 0) + 1, known[report.nodeid])
            stats.setdefault("skipped", []).append(report)
        if not reports:
            del stats[category]


def _file_junit(path: Path, reasons: dict[str, str]) -> None:
    """Each test case whose ``finding`` property names a known finding: its failure becomes a skip, in the
    failure's place (the schema orders skipped before system-out)."""
    tree = ET.parse(path)
    for suite in tree.iter("testsuite"):
        moved = 0
        for case in suite.iter("testcase"):
            finding = next((p.get("value") for p in case.iter("property") if p.get("name") == "finding"), None)
            failure = case.find("failure")
            if finding in reasons and failure is not None:
                skipped = ET.Element("skipped", {"type": "pytest.skip", "message": reasons[finding]})
                case.insert(list(case).index(failure), skipped)
                case.remove(failure)
                moved += 1
        if moved:
            suite.set("failures", str(int(suite.get("failures", "0")) - moved))
            suite.set("skipped", str(int(suite.get("skipped", "0")) + moved))
    tree.write(path, encoding="utf-8", xml_declaration=True)
