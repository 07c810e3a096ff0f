"""Known findings: a file of accepted deviations, each accepting cases as they are reported and whole findings
at the end, until its date."""

from datetime import date

import pytest

from capillary_conformance.core.settings import ConfigError
from capillary_conformance.plugin.verdict import known
from capillary_conformance.plugin.verdict.findings import Finding, gather
from tests.plugin.verdict.test_findings import FIVE_HUNDREDS, LOWER_CASE_TYPE

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
    return Finding(key=pointer, pointer=pointer, rules=["type"], checks=[check], cases=["t"], messages=[message])


def test_a_live_entry_makes_its_finding_known_and_an_unused_one_is_returned(tmp_path):
    path = tmp_path / "known.toml"
    path.write_text(FILE)
    entries = known.load(path)
    found = [finding(), finding("/data/*/id", "schema")]
    unused = known.judge(found, entries, "eu", date(2026, 12, 1), every_case(found))
    assert found[0].status == "known"
    assert found[1].status == "open"
    assert unused == []  # the US entry is not this region's to report


def test_an_entry_matches_whole_findings_and_says_when_it_matched_nothing():
    found = gather([*LOWER_CASE_TYPE, *FIVE_HUNDREDS])
    entries = [
        known.KnownFinding(check="enums", pointer="/data/", reason="ticket 1", until=date(2027, 1, 31)),
        known.KnownFinding(match="nothing like this", reason="ticket 2", until=date(2027, 1, 31)),
        known.KnownFinding(pointer="status", region="us", reason="ticket 3", until=date(2027, 1, 31)),
    ]
    unused = known.judge(found, entries, "eu", date(2026, 11, 27), every_case(found))
    assert [f.status for f in found] == ["known", "open", "open"]  # check=enums took all four cases of the finding
    assert [e.reason for e in unused] == ["ticket 2"]  # ticket 3 is another region's


def test_an_entry_past_its_date_no_longer_accepts_the_finding():
    found = gather(LOWER_CASE_TYPE)
    entry = known.KnownFinding(pointer="/data/*/communicationType", reason="ticket 1", until=date(2026, 11, 26))
    assert known.judge(found, [entry], "eu", date(2026, 11, 27), every_case(found)) == []
    assert (found[0].status, found[0].expired["until"]) == ("expired", "2026-11-26")
    known.judge(found, [entry], "eu", date(2026, 11, 26), every_case(found))
    assert found[0].status == "known"  # the date itself is still accepted


def every_case(found) -> set[str]:
    """Each case of the findings accepted as it was reported (what KnownCases decided during the run)."""
    return {case for finding in found for case in finding.cases}


def test_a_finding_is_known_only_when_each_of_its_cases_was_accepted():
    found = gather(LOWER_CASE_TYPE)
    entry = known.KnownFinding(pointer="/data/*/communicationType", reason="ticket 1", until=date(2027, 1, 31))
    assert known.judge(found, [entry], "eu", date(2026, 11, 27), {"t1", "t2"}) == []
    assert found[0].status == "open"  # t3 and t4 failed: the run says so


def test_each_case_is_accepted_as_it_is_reported_and_the_later_cases_of_its_finding_too():
    entry = known.KnownFinding(check="enums", pointer="/data/", reason="ticket 1", until=date(2027, 1, 31))
    cases = known.KnownCases([entry], "eu", date(2026, 11, 27))
    pointer = "/data/*/communicationType"
    assert cases.acceptance(pointer, "enum", "schema", "'start' is not one of") == ""  # check=enums: not this one
    accepted = cases.acceptance(pointer, "enum", "enums", "'start' is not one of")
    assert accepted == "known finding: ticket 1 (accepted until 2027-01-31)"
    assert cases.acceptance(pointer, "echo", "idempotency", "sent START, answered start") == accepted
    assert cases.acceptance("/data/*/id", "type", "schema", "a string") == ""  # another finding


def test_an_entry_past_its_date_accepts_no_case():
    entry = known.KnownFinding(pointer="/data/", reason="ticket 1", until=date(2026, 11, 26))
    cases = known.KnownCases([entry], "eu", date(2026, 11, 27))
    assert cases.acceptance("/data/*/id", "type", "schema", "a string") == ""


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
