"""Findings on canned results: one per broken promise, held against a known findings file."""

from datetime import date

import pytest

from capillary_conformance.core.settings import ConfigError
from capillary_conformance.plugin import known
from capillary_conformance.plugin.findings import gather


def _failed(case: str, check: str, pointer: str, rule: str, reason: str = "broken") -> dict:
    return {"nodeid": case, "outcome": "failed", "check": check, "pointer": pointer, "rule": rule, "reason": reason}


LOWER_CASE_TYPE = [
    _failed("t1", "schema", "/data/*/communicationType", "enum", "'start' is not one of [...]"),
    _failed("t2", "enums", "/data/*/communicationType", "enum"),
    _failed("t3", "idempotency", "/data/*/communicationType", "echo"),
    _failed("t4", "stateful", "/data/*/communicationType", "echo"),
]
FIVE_HUNDREDS = [_failed("t5", "negative", "status", "no-5xx"), _failed("t6", "negative", "status", "refused")]


def test_one_place_in_the_answer_is_one_finding_whatever_checks_and_rules_saw_it():
    (finding,) = gather([*LOWER_CASE_TYPE, {"nodeid": "t9", "outcome": "passed", "check": "echo", "reason": ""}])
    assert (finding.pointer, finding.rules, finding.cases) == (
        "/data/*/communicationType",
        ["enum", "echo"],
        ["t1", "t2", "t3", "t4"],
    )
    assert finding.checks == ["schema", "enums", "idempotency", "stateful"]


def test_a_status_is_one_finding_per_rule_broken():
    assert [f.key for f in gather(FIVE_HUNDREDS)] == ["status: no-5xx", "status: refused"]


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
    ],
)
def test_a_bad_entry_is_one_line_of_bad_configuration(tmp_path, text, error):
    path = tmp_path / "known.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        known.load(path)
    assert error in str(raised.value)
    assert "\n" not in str(raised.value)
