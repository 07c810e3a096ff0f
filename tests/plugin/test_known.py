"""Known findings: a file of accepted deviations, each matching whole findings until its date."""

from datetime import date

import pytest

from capillary_conformance.core.settings import ConfigError
from capillary_conformance.plugin import known
from capillary_conformance.plugin.findings import Finding

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


def test_past_its_date_an_entry_no_longer_accepts_its_finding(tmp_path):
    path = tmp_path / "known.toml"
    path.write_text(FILE)
    found = [finding()]
    known.judge(found, known.load(path), "eu", date(2027, 2, 1))
    assert found[0].status == "expired"
    assert "EXPIRED on 2027-01-31" in found[0].acceptance


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[[known]]\nuntil = 2027-01-01\n", "reason"),
        ('[[known]]\nreason = "r"\n', "until"),
        ('[[known]]\nreason = "r"\nuntil = 2027-01-01\ncolour = "red"\n', "colour"),
        ("[[known]\n", "not valid TOML"),
        ("[other]\nx = 1\n", "takes [[known]] only"),
    ],
)
def test_a_bad_file_is_one_line_of_bad_configuration(tmp_path, text, says):
    path = tmp_path / "known.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        known.load(path)
    assert says in str(error.value)
    assert "\n" not in str(error.value)
