"""A test's exception is a contract violation (with where and which rule), or could-not-judge."""

from capillary_conformance.checks import CheckFailure
from capillary_conformance.client.http import HostUnavailable, RequestBudgetSpent
from capillary_conformance.plugin.verdict import classify


def test_our_failures_are_found_inside_groups_with_their_pointer_and_rule():
    failure = CheckFailure("echo", "sender changed", "/data/*/sender", "echo")
    group = ExceptionGroup("two", [ValueError("other"), failure])
    assert classify.check_failures(group) == [failure]
    assert classify.violation_of(group, "echo") == ("/data/*/sender", "echo")


def test_a_failure_schemathesis_wraps_is_still_ours():
    class CustomFailure(Exception):
        exception = CheckFailure("envelope", "no errors key", "/errors", "required")

    assert classify.violation_of(CustomFailure(), "schemathesis") == ("/errors", "required")


def test_a_schemathesis_failure_of_its_own_is_named_by_its_title():
    class Failure(Exception):
        title, code = "Undocumented HTTP status code", "status_code_conformance"

    assert classify.violation_of(Failure(), "schemathesis") == ("status", "undocumented http status code")


def test_a_host_that_stopped_answering_and_a_spent_budget_are_not_violations():
    down = HostUnavailable("could not judge host: ReadTimeout")
    assert classify.host_unavailable(BaseExceptionGroup("g", [down])) is down
    assert classify.check_failures(down) == []
    spent = RequestBudgetSpent("spent")
    assert classify.budget_spent(spent) is spent


# What Hypothesis writes beside a failure, by version: read by nothing that decides what happened.
NOTES = {
    "up to 6.158": ("Falsifying example: test(body=[])", "Falsifying explicit example: test(body=[])"),
    "6.159 on": ("Failing test case: test(body=[])", "Failing explicit example: test(body=[])"),
}


def test_what_hypothesis_wrote_in_either_version_decides_nothing():
    verdicts = set()
    for generated, explicit in NOTES.values():
        for note in (generated, explicit):
            failure = CheckFailure("echo", "sender changed", "/data/*/sender", "echo")
            failure.add_note(note)
            verdicts.add((classify.violation(failure, "echo"), classify.violation_of(failure, "echo")))
            assert not classify.did_not_reproduce(failure)
    assert verdicts == {(("echo", "sender changed"), ("/data/*/sender", "echo"))}
