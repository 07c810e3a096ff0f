"""Flaky: a failure that did not come back when run once more, on a fresh buffer, its requests counted apart."""

from types import SimpleNamespace

from hypothesis.errors import FlakyFailure

from capillary_conformance.checks import CheckFailure
from capillary_conformance.client.http import SENT
from capillary_conformance.core.redact import Redactor
from capillary_conformance.core.tally import Tally
from capillary_conformance.plugin.target.exchanges import ExampleExchanges
from capillary_conformance.plugin.verdict.flaky import needs_rerun, rerun
from tests.plugin.target.test_exchanges import exchange


def canned_host() -> SimpleNamespace:
    client = SimpleNamespace(traffic=Tally())
    return SimpleNamespace(exchanges=ExampleExchanges(Redactor()), client=client)


def item(host: SimpleNamespace, fails_again: bool, requests: int = 2) -> SimpleNamespace:
    def runtest() -> None:
        for _ in range(requests):
            host.client.traffic.add([SENT])
            host.exchanges.record(exchange(tag=99))
        if fails_again:
            raise CheckFailure("echo", "sender changed")

    return SimpleNamespace(obj=None, runtest=runtest)


def test_a_plain_failure_runs_once_more_on_a_fresh_buffer_and_says_what_it_sent():
    host = canned_host()
    host.exchanges.record(exchange(tag=1))
    assert rerun(item(host, fails_again=False, requests=3), host) == (True, 3)
    assert rerun(item(host, fails_again=True), host) == (False, 2)
    assert host.exchanges.exchanges == []  # what the re-run sent is nobody's evidence


def test_only_a_failure_nobody_replayed_runs_again():
    failure = CheckFailure("echo", "sender changed")
    assert needs_rerun(failure, replayed_by_hypothesis=False, check="echo")
    assert not needs_rerun(failure, replayed_by_hypothesis=True, check="echo")
    assert not needs_rerun(FlakyFailure("passed when replayed", [failure]), False, "echo")  # Hypothesis said so
    assert not needs_rerun(failure, False, "schemathesis")  # Hypothesis replays Schemathesis' examples
