"""The verdict files of a run that stops before any test (a host that cannot be reached or refuses the credentials,
a configuration that cannot be read): ``results.json``, ``junit.xml`` and the report's case, each naming the cause
in words, so that a CI step that publishes them finds a verdict and not nothing."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from capillary_conformance.core.exit_status import COULD_NOT_JUDGE, ExitStatus
from capillary_conformance.core.record import RECORD_VERSION, Case, RunRecord
from capillary_conformance.plugin.outputs.allure import write_run_summary, write_unjudged_case

RESULTS_JSON = "CAPILLARY_RESULTS_JSON"  # the option's dest is its variable: read raw, the settings may not parse


def write(config: pytest.Config, status: ExitStatus, cause: str, host: str = "?", region: str = "?") -> None:
    """Each verdict file the run was asked for, written as the run stops (``status``: 3 or 4)."""
    words = "could not judge" if status == ExitStatus.COULD_NOT_JUDGE else "bad configuration"
    said = cause if cause.startswith(words) else f"{words}: {cause}"
    case = Case(nodeid="capillary-conformance::start", outcome="failed", check=COULD_NOT_JUDGE, reason=cause)
    record = RunRecord(version=RECORD_VERSION, host=host, region=region, down=cause, results=[case])
    record.conclude(status)
    results = getattr(config.option, RESULTS_JSON, None) or os.environ.get(RESULTS_JSON)
    if results:
        record.write(Path(results))
    junit = getattr(config.option, "xmlpath", None)
    if junit:
        _junit(Path(junit), words if host == "?" else f"{words}: {host}", said)
    allure_dir = getattr(config.option, "allure_report_dir", None)
    if allure_dir:
        write_unjudged_case(Path(allure_dir), region, host, said, f"No test ran: {said}")
        write_run_summary(Path(allure_dir), {"Verdict": said, "Host": host})


def _junit(path: Path, name: str, message: str) -> None:
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name="capillary-conformance", tests="1", errors="1", failures="0")
    case = ET.SubElement(suite, "testcase", classname="capillary-conformance", name=name, time="0")
    ET.SubElement(case, "error", message=message).text = message
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
