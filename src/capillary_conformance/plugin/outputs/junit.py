"""What a CI viewer shows of a failed case in ``junit.xml``: the failure's message is its broken promise in one line,
then its replay line; every other case of the same finding says "same broken promise as <case>" first. Tracebacks,
Hypothesis' falsifying example and Schemathesis' own report stay in the failure's body.

A plugin object on the process that writes the file (the xdist controller, or the only process), registered only
when ``--junitxml`` is given; each case's verdict reaches it on the report (``MESSAGE``), so the first case of a
finding is the first the file holds."""

from __future__ import annotations

from typing import Any

import pytest
from _pytest.junitxml import xml_key

from capillary_conformance.core.record import RunRecord

MESSAGE = "capillary-junit-message"  # the report's user property the message travels in (never written as one)


def message_of(verdict_line: str, key: str = "", replay: str = "") -> dict[str, str]:
    """What a case's failure says in JUnit: its promise line (or why it was not judged), its finding, its replay."""
    return {"line": verdict_line, "key": key, "replay": replay}


class JUnitMessages:
    def __init__(self) -> None:
        self.first: dict[str, str] = {}  # each finding's first case, as the file holds it

    @pytest.hookimpl(tryfirst=True)  # before junitxml reads the report
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        said: dict[str, Any] | None = dict(report.user_properties).get(MESSAGE)
        crash = getattr(report.longrepr, "reprcrash", None)
        if said is None or not said["line"] or crash is None or not report.failed:
            return
        crash.message = self.message(said, report.nodeid)

    def message(self, said: dict[str, Any], nodeid: str) -> str:
        key, line = said["key"], said["line"]
        if key:
            first = self.first.setdefault(key, nodeid)
            line = line if first == nodeid else f"same broken promise as {first}: {line}"
        return f"{line}\nreplay: {said['replay']}" if said["replay"] else line

    def pytest_capillary_run_concluded(self, config: pytest.Config, record: RunRecord) -> None:
        """The JUnit file says the run's verdict too (its cases say each test's)."""
        logxml = config.stash.get(xml_key, None)
        if logxml is not None:
            logxml.add_global_property("capillary verdict", f"exit {record.exitstatus}: {record.verdict_line()}")


def register(config: pytest.Config) -> None:
    """On the process that writes the JUnit file, when one is asked for."""
    if getattr(config.option, "xmlpath", None) and not hasattr(config, "workerinput"):
        config.pluginmanager.register(JUnitMessages(), "capillary-junit-messages")
