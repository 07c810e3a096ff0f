"""Regions side by side on canned probe answers: differences listed, alike facets left out."""

from capillary_conformance.cli.compare import differences, section
from capillary_conformance.cli.nightly import RegionResult
from capillary_conformance.plugin.outputs.allure import property_line

VALID = {"status": 200, "media type": "application/json", "offset style": ["+hhmm"], "undocumented fields": []}
BAD = {"status": 400, "error codes": [1002], "error messages": ["communicationType is invalid"]}


def test_a_facet_that_differs_alike_in_several_probes_is_one_line():
    zulu = {**VALID, "offset style": ["Z"]}
    found = differences({"eu": {"valid": zulu, "repeated": zulu}, "in": {"valid": VALID, "repeated": VALID}})
    assert found == [("valid, repeated", "offset style", {"eu": "Z", "in": "+hhmm"})]


def test_error_codes_messages_and_statuses_are_compared_and_alike_regions_say_so():
    other = {"status": 422, "error codes": [8001], "error messages": ["invalid communicationType"]}
    found = differences({"eu": {"bad": BAD}, "us": {"bad": other}})
    assert [facet for _, facet, _ in found] == ["status", "error codes", "error messages"]
    assert section({"eu": {"bad": BAD}, "us": {"bad": BAD}}) == [
        "regions side by side (eu, us): the probes' answers are alike"
    ]


def test_a_region_whose_probes_were_not_sent_is_left_out():
    assert section({"eu": {"valid": VALID}, "down": {}}) == []
    assert differences({"eu": {"valid": VALID}, "us": {"not sent": {"reason": "down"}}}) == []


def test_a_verdict_row_of_another_version_still_reads():
    row = RegionResult.from_json({"region": "eu", "host": "https://eu", "exitstatus": 1, "failed": 2, "new": "x"})
    assert (row.target.region, row.exitstatus, row.failed, row.passed, row.verdict) == ("eu", 1, 2, 0, "violations")
    assert RegionResult.from_json({"region": "us"}).verdict.startswith("could not judge")
    assert property_line("a key", "one\ntwo \\ three") == "a\\ key=one\\ntwo \\\\ three"
