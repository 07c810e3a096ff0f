"""The cases of a known finding filed as skipped where pytest itself wrote them as failed: the JUnit file
and the terminal's counts. A hook wrapper, innermost, so it runs after the JUnit file is written and
before the terminal summarizes the run (registered as a plugin of its own by ``hooks``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from capillary_conformance.plugin.failures import RUN_KEY
from capillary_conformance.plugin.summary import known_cases


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> Iterator[None]:
    yield
    run = session.config.stash.get(RUN_KEY, None)
    if run is None or hasattr(session.config, "workerinput"):
        return
    cases = known_cases(run.findings)
    if not cases:
        return
    xmlpath = getattr(session.config.option, "xmlpath", None)
    if xmlpath and Path(xmlpath).is_file():
        _file_junit(Path(xmlpath), {f.key: cases[f.cases[0]] for f in run.findings if f.known})
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        failed = reporter.stats.get("failed", [])
        for report in [report for report in failed if report.nodeid in cases]:
            failed.remove(report)
            report.outcome = "skipped"
            report.longrepr = (str(report.fspath), report.location[1] or 0, cases[report.nodeid])
            reporter.stats.setdefault("skipped", []).append(report)
        if not failed:
            reporter.stats.pop("failed", None)


def _file_junit(path: Path, reasons: dict[str, str]) -> None:
    """Each test case whose ``finding`` property names a known finding: its failure becomes a skip."""
    tree = ET.parse(path)
    for suite in tree.iter("testsuite"):
        moved = 0
        for case in suite.iter("testcase"):
            finding = next((p.get("value") for p in case.iter("property") if p.get("name") == "finding"), None)
            failure = case.find("failure")
            if finding in reasons and failure is not None:
                case.remove(failure)
                ET.SubElement(case, "skipped", {"type": "pytest.skip", "message": reasons[finding]})
                moved += 1
        if moved:
            suite.set("failures", str(int(suite.get("failures", "0")) - moved))
            suite.set("skipped", str(int(suite.get("skipped", "0")) + moved))
    tree.write(path, encoding="utf-8", xml_declaration=True)
