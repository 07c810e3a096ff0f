"""Known findings: a file of accepted deviations, each matching whole findings until its date."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from capillary_conformance.core.settings import ConfigError
from capillary_conformance.plugin import known
from capillary_conformance.plugin.findings import Finding, gather
from tests.plugin.test_findings import FIVE_HUNDREDS, LOWER_CASE_TYPE

FILE = """
[[known]]
check = "envelope"
pointer = "/warnings"
reason = "EU answers warnings as a string; API-123"
until = 2027-01-31

[[known]]
region = "us"
reason = "US only"
until = 2026-01-01
"""


def finding(pointer: str = "/warnings", check: str = "envelope", message: str = "warnings is a string") -> Finding:
    return Finding(pointer, pointer, rules=["type"], checks=[check], cases=["t"], messages=[message])


def test_a_live_entry_makes_its_finding_known_and_an_unused_one_is_returned(tmp_path):
    path = tmp_path / "known.toml"
    path.write_text(FILE)
    entries = known.load(path)
    found = [finding(), finding("/data/*/id", "schema")]
    unused = known.judge(found, entries, "eu", date(2026, 12, 1))
    assert found[0].status == "known"
    assert found[1].status == "new"
    assert unused == []  # the US entry is not this region's to report


def test_an_entry_matches_whole_findings_and_says_when_it_matched_nothing():
    found = gather([*LOWER_CASE_TYPE, *FIVE_HUNDREDS])
    entries = [
        known.KnownFinding(check="enums", pointer="/data/", reason="ticket 1", until=date(2027, 1, 31)),
        known.KnownFinding(match="nothing like this", reason="ticket 2", until=date(2027, 1, 31)),
        known.KnownFinding(pointer="status", region="us", reason="ticket 3", until=date(2027, 1, 31)),
    ]
    unused = known.judge(found, entries, "eu", date(2026, 11, 27))
    assert [f.status for f in found] == ["known", "new", "new"]  # check=enums took all four cases of the finding
    assert [e.reason for e in unused] == ["ticket 2"]  # ticket 3 is another region's


def test_an_entry_past_its_date_no_longer_accepts_the_finding():
    found = gather(LOWER_CASE_TYPE)
    entry = known.KnownFinding(pointer="/data/*/communicationType", reason="ticket 1", until=date(2026, 11, 26))
    assert known.judge(found, [entry], "eu", date(2026, 11, 27)) == []
    assert (found[0].status, found[0].expired["until"]) == ("expired", "2026-11-26")
    known.judge(found, [entry], "eu", date(2026, 11, 26))
    assert found[0].status == "known"  # the date itself is still accepted


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[[known]]\npointer = "/x"\nuntil = 2027-01-01\n', "entry 1: reason: Field required"),
        ('[[known]]\nreason = "r"\n', "entry 1: until: Field required"),
        ('[[known]]\nreason = "r"\nuntil = 2027-01-01\npath = "/x"\n', "entry 1: path: Extra inputs are not permitted"),
        ('[[known]]\nreason = ""\nuntil = 2027-01-01\n', "entry 1: reason: String should have at least 1 character"),
        ('[[known]]\nreason = "r"\nuntil = "soon"\n', "entry 1: until: Input should be a valid date"),
        ("[known]\n", "must list its entries as [[known]] tables"),
        ("[[known]\n", "is not valid TOML"),
        ("[other]\nx = 1\n", "takes [[known]] only"),
    ],
)
def test_a_bad_entry_is_one_line_of_bad_configuration(tmp_path, text, error):
    path = tmp_path / "known.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        known.load(path)
    assert error in str(raised.value)
    assert "\n" not in str(raised.value)


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
    known._file_junit(path, {"/warnings": "known finding: EU sends a string (accepted until 2027-01-31)"})
    suite = ET.parse(path).getroot().find("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases["known"].find("failure") is None
    assert cases["known"].find("skipped").get("message").startswith("known finding: EU sends a string")
    assert cases["new"].find("failure") is not None
