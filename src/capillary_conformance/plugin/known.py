"""Known findings (``CAPILLARY_KNOWN_FINDINGS``): accepted deviations, each with a reason and a date after
which it fails the gate again; their cases filed as skipped where pytest itself wrote them as failed (the JUnit
file and the terminal's counts: a hook wrapper, innermost, registered as a plugin of its own by ``hooks``).

An entry matches whole findings: every key it gives must hold for the finding (``check``: one of the
checks that found it; ``pointer``: the finding's pointer or a prefix of it; ``match``: text one of its
messages contains; ``region``: the run's region).
"""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from capillary_conformance.core.settings import ConfigError
from capillary_conformance.plugin.findings import Finding


class KnownFinding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(min_length=1)
    until: date
    check: str | None = None
    pointer: str | None = None
    match: str | None = None
    region: str | None = None

    def matches(self, finding: Finding, region: str) -> bool:
        return (
            (self.check is None or self.check in finding.checks)
            and (self.pointer is None or finding.pointer.startswith(self.pointer))
            and (self.match is None or any(self.match in message for message in finding.messages))
            and (self.region is None or self.region == region)
        )

    def live(self, today: date) -> bool:
        return today <= self.until

    def shown(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def load(path: Path) -> list[KnownFinding]:
    """The file's entries; anything wrong with it is one line of bad configuration."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read the known findings file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"the known findings file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the known findings file {path} is not valid TOML: {error}") from None
    unknown = set(data) - {"known"}
    if unknown:
        raise ConfigError(f"the known findings file {path} has {', '.join(sorted(unknown))}; it takes [[known]] only")
    listed = data.get("known", [])
    if not isinstance(listed, list) or not all(isinstance(entry, dict) for entry in listed):
        raise ConfigError(f"the known findings file {path} must list its entries as [[known]] tables")
    entries = []
    for number, entry in enumerate(listed, 1):
        try:
            entries.append(KnownFinding.model_validate(entry))
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(map(str, problem["loc"])) or "entry"
            raise ConfigError(f"{path}, [[known]] entry {number}: {where}: {problem['msg']}") from None
    return entries


def judge(findings: list[Finding], entries: list[KnownFinding], region: str, today: date) -> list[KnownFinding]:
    """Mark each finding known (a live entry matches it) or expired (only expired ones do); return the
    entries that matched nothing (fixed? remove them)."""
    used = set()
    for finding in findings:
        for number, entry in enumerate(entries):
            if not entry.matches(finding, region):
                continue
            used.add(number)
            if entry.live(today):
                finding.known = entry.shown()
            elif finding.expired is None:
                finding.expired = entry.shown()
    return [e for n, e in enumerate(entries) if n not in used and e.region in (None, region)]


def known_reasons(found: list[Finding]) -> dict[str, str]:
    """Each known finding's key, with the reason it is accepted."""
    return {finding.key: finding.acceptance for finding in found if finding.known}


def finding_of(report: pytest.TestReport) -> str | None:
    return dict(report.user_properties).get("finding")


class KnownCases:
    """The pytest plugin that files the cases of a known finding as skipped, after the JUnit file is written
    and before the terminal counts the run; ``findings`` gives the run's findings, judged by then."""

    def __init__(self, findings: Callable[[], list[Finding]]) -> None:
        self.findings = findings

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Iterator[None]:
        yield
        reasons = known_reasons(self.findings())
        if not reasons or hasattr(session.config, "workerinput"):
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
