"""A known finding's cases are filed as skipped, with the reason, where pytest wrote them as failed."""

import xml.etree.ElementTree as ET

from capillary_conformance.plugin.filing import _file_junit

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="capillary-conformance" errors="0" failures="2" skipped="0" tests="3">
<testcase classname="s" name="known"><properties><property name="finding" value="/warnings"/></properties>
<failure message="warnings is a string">trace</failure></testcase>
<testcase classname="s" name="new"><properties><property name="finding" value="/data/*/id"/></properties>
<failure message="id is a string">trace</failure></testcase>
<testcase classname="s" name="passed"/>
</testsuite></testsuites>"""


def test_only_the_known_findings_cases_become_skips_and_the_counts_follow(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT)
    _file_junit(path, {"/warnings": "known finding: EU sends a string (accepted until 2027-01-31)"})
    suite = ET.parse(path).getroot().find("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases["known"].find("failure") is None
    assert cases["known"].find("skipped").get("message").startswith("known finding: EU sends a string")
    assert cases["new"].find("failure") is not None
