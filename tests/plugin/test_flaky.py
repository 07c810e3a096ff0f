"""Flaky: a failure that did not come back when replayed once."""

from types import SimpleNamespace

from hypothesis.errors import FlakyFailure

from capillary_conformance.checks import CheckFailure
from capillary_conformance.plugin.flaky import did_not_fail_again


def item(fails_again: bool) -> SimpleNamespace:
    def runtest() -> None:
        if fails_again:
            raise CheckFailure("echo", "sender changed")

    return SimpleNamespace(obj=None, runtest=runtest)


def test_a_plain_failure_is_replayed_once_here():
    error = CheckFailure("echo", "sender changed")
    assert did_not_fail_again(item(fails_again=False), error, "echo")
    assert not did_not_fail_again(item(fails_again=True), error, "echo")


def test_hypothesis_and_schemathesis_replay_their_own_examples():
    flaky = FlakyFailure("passed when replayed", [CheckFailure("echo", "sender changed")])
    assert did_not_fail_again(item(fails_again=True), flaky, "echo")  # Hypothesis said so: no replay here
    assert not did_not_fail_again(item(fails_again=False), CheckFailure("x", "y"), "schemathesis")
