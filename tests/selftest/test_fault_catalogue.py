"""The suite proves itself: it passes every legal sandbox and catches every fault with the right check."""

import re

import pytest

from capillary_conformance.checks import CHECKS
from capillary_conformance.cli.selftest import variants
from capillary_conformance.plugin.verdict.classify import COULD_NOT_JUDGE
from capillary_conformance.sandbox.faults import CATALOGUE

# Child runs of the suite (or the wheel): the slow lane (`-m slow`); the README's test command runs it too.
pytestmark = pytest.mark.slow

LEGAL = [v for v in variants() if v.legal]
FAULTS = [v for v in variants() if not v.legal and v.judgeable]
TROUBLE = [v for v in variants() if not v.judgeable]
# Not a speed target (see benchmarks/): only that a host in trouble cannot hold a run for ever.
BOUNDED_SECONDS = 300


@pytest.mark.parametrize("variant", LEGAL, ids=[v.label for v in LEGAL])
def test_legal_host_passes_without_false_alarm(outcomes, variant):
    outcome = outcomes[variant.label]
    assert outcome.exitstatus == 0, (
        f"{variant.label}: false alarm in {sorted(outcome.failed_checks)}\n{outcome.output[-3000:]}"
    )


@pytest.mark.parametrize("variant", FAULTS, ids=[v.label for v in FAULTS])
def test_fault_is_caught_by_its_check(outcomes, variant):
    outcome = outcomes[variant.label]
    assert outcome.exitstatus == 1, f"{variant.label}: exit {outcome.exitstatus}\n{outcome.output[-3000:]}"
    assert variant.expected in outcome.failed_checks, (
        f"{variant.label} ({CATALOGUE[variant.fault].description}) was not caught by {variant.expected}; "
        f"failed: {sorted(outcome.failed_checks)}"
    )


# A fault for each source of text (issue: text from published sources), each met by the text test of the coverage
# pass, whatever the random search finds after it.
TEXT_FAULTS = ("line-separators-as-lf", "strips-nul-and-c1", "500-on-nul", "500-on-apostrophe", "folds-full-width")


@pytest.mark.variants(*TEXT_FAULTS)
@pytest.mark.parametrize("fault", TEXT_FAULTS)
def test_a_fault_of_text_from_a_published_source_is_caught_by_the_text_test_of_the_coverage_pass(outcomes, fault):
    failed = [r["nodeid"] for r in outcomes[fault].results if r["coverage"] and r["outcome"] == "failed"]
    assert any(nodeid.startswith("test_text.py::") for nodeid in failed), failed


def test_every_check_has_a_fault_to_catch():
    assert {v.expected for v in FAULTS} == set(CHECKS)


@pytest.mark.variants("extra-fields")
def test_extra_fields_are_drift_not_failures(outcomes):
    outcome = outcomes["extra-fields"]
    assert outcome.exitstatus == 0
    assert "$.data[].priority" in outcome.drift
    assert "$.requestId" in outcome.drift


@pytest.mark.parametrize("variant", TROUBLE, ids=[v.label for v in TROUBLE])
def test_host_in_trouble_is_could_not_judge_in_bounded_time(outcomes, variant):
    outcome = outcomes[variant.label]
    assert outcome.exitstatus == 3, f"{variant.label}: exit {outcome.exitstatus}\n{outcome.output[-3000:]}"
    assert outcome.failed_checks == {COULD_NOT_JUDGE}, "a host in trouble must not be reported as a violation"
    assert any(r["outcome"] == "passed" for r in outcome.results), "what ran before the trouble must be kept"
    assert outcome.seconds < BOUNDED_SECONDS


@pytest.mark.variants("correct, environment (channels 1-3)")
def test_a_region_that_warns_and_announces_its_end_passes_with_what_it_said_shown(outcomes):
    outcome = outcomes["correct, environment (channels 1-3)"]
    assert outcome.exitstatus == 0
    assert outcome.summary["notes"]["warning 3001: This API is deprecated and will be removed"] > 0
    assert "deprecated since 2025-11-01" in outcome.summary["deprecation"]
    assert "sunset on 2027-06-30" in outcome.summary["deprecation"]
    assert "warning 3001: This API is deprecated and will be removed" in outcome.output
    assert "sunset on" in outcome.output


@pytest.mark.variants("warnings-as-string")
def test_a_finding_names_its_failing_answer_by_the_request_id_the_host_sent(outcomes):
    outcome = outcomes["warnings-as-string"]
    request_id = re.compile(r"X-Cap-Requestid: [0-9A-F]{13}")
    (finding,) = outcome.summary["findings"]
    assert request_id.fullmatch(finding["request_id"])
    assert f"failing answer: {finding['request_id']}" in outcome.output  # the terminal's finding
    assert f'name="request id" value="{finding["request_id"]}"' in outcome.junit
    assert re.search(r"failure message=\"[^\"]*failing answer's X-Cap-Requestid: ", outcome.junit)
    assert any(f"**Failing answer:** `{finding['request_id']}`" in page for page in outcome.case_pages)
