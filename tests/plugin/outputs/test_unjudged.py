"""A run that stops before any test still writes each verdict file it was asked for, naming the cause."""

import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from capillary_conformance.core.exit_status import ExitStatus
from capillary_conformance.plugin.outputs import unjudged


def config(tmp_path, **option):
    return SimpleNamespace(option=SimpleNamespace(**option))


def test_a_host_that_cannot_be_reached_leaves_results_junit_and_a_report_case(tmp_path):
    asked = config(
        tmp_path,
        CAPILLARY_RESULTS_JSON=str(tmp_path / "results.json"),
        xmlpath=str(tmp_path / "junit.xml"),
        allure_report_dir=str(tmp_path / "allure-results"),
    )
    cause = "could not judge 127.0.0.1:9: ConnectError: [Errno 111] Connection refused (host unreachable)"
    unjudged.write(asked, ExitStatus.COULD_NOT_JUDGE, cause, "http://127.0.0.1:9", "eu")
    record = json.loads((tmp_path / "results.json").read_text())
    assert (record["exitstatus"], record["verdict"], record["down"]) == (3, "could not judge", cause)
    error = ET.parse(tmp_path / "junit.xml").find(".//testcase/error")
    assert error.get("message") == cause
    cases = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    assert [case["statusDetails"]["message"] for case in cases] == [cause]
    assert (tmp_path / "allure-results" / "categories.json").exists()


def test_bad_configuration_writes_what_it_knows_where_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPILLARY_RESULTS_JSON", str(tmp_path / "results.json"))
    unjudged.write(config(tmp_path), ExitStatus.BAD_CONFIGURATION, "CAPILLARY_TIMEOUT='abc': must be a number")
    record = json.loads((tmp_path / "results.json").read_text())
    assert (record["exitstatus"], record["verdict"]) == (4, "bad configuration")
    assert record["results"][0]["reason"] == "CAPILLARY_TIMEOUT='abc': must be a number"
    assert not (tmp_path / "junit.xml").exists()
